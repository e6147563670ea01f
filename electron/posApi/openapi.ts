import { POS_ROUTES } from './routes';

/** The POS API's OpenAPI document, served at /pos/v1/openapi.json (docs/pos-api.md describes the bodies). */
export function posOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const refusal = { description: 'Refused: { ok: false, error: { code, message, details: { reason } } }; nothing changed' };
  for (const r of POS_ROUTES) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const params = [...r.url.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (r.method !== 'GET') params.push({ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } });
    paths[path] = {
      ...(paths[path] ?? {}),
      [r.method.toLowerCase()]: {
        summary: r.summary,
        operationId: r.channel,
        security: [{ pairing: [] }],
        parameters: params,
        ...(r.method === 'POST' ? { requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } } } : {}),
        responses: { 200: { description: 'Answered: { ok: true, value }' }, 400: refusal, 401: refusal, 404: refusal, 409: refusal },
      },
    };
  }
  paths['/pos/v1/pairings'] = {
    post: {
      summary: 'Exchange a one-time pairing code (made by a manager at the till) for a bearer credential',
      operationId: 'pair',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } } } },
      },
      responses: { 201: { description: '{ ok: true, value: { pairingId, name, credential } }' }, 403: refusal },
    },
  };
  paths['/pos/v1/events'] = {
    get: {
      summary: "Server-sent events of this POS's orders: order.updated, verdict, coupon.applied, coupon.flagged (data: JSON)",
      operationId: 'events',
      security: [{ pairing: [] }],
      responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, 401: refusal },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'Coupon Till POS API', version: '1' },
    components: { securitySchemes: { pairing: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
