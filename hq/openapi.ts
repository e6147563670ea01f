import { z, type ZodType } from 'zod';
import type { RouteSpec } from './routes/define';

/**
 * The OpenAPI 3.1 document, generated from the very zod schemas the routes validate with
 * (z.toJSONSchema), so /openapi.json always describes what HQ accepts.
 */
function schemaOf(s: ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function queryParameters(s: ZodType | undefined, where: 'query' | 'path') {
  if (!s) return [];
  const json = schemaOf(s, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema }));
}

export function openApiDocument(routes: RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorBody = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      parameters: [...queryParameters(r.query, 'query'), ...queryParameters(r.params, 'path')],
      responses: {
        200: r.produces
          ? { description: 'OK', content: { [r.produces]: {} } }
          : { description: 'OK', ...(r.response ? { content: { 'application/json': { schema: schemaOf(r.response, 'output') } } } : {}) },
        400: { description: 'Invalid request', ...errorBody },
        ...(r.auth !== 'none' ? { 401: { description: 'Missing or wrong credential', ...errorBody } } : {}),
      },
    };
    if (r.auth !== 'none') op.security = [{ [r.auth === 'admin' ? 'adminToken' : 'tillCredential']: [] }];
    if (r.body) {
      const isText = r.body instanceof z.ZodString;
      op.requestBody = { required: true, content: { [isText ? 'text/csv' : 'application/json']: { schema: schemaOf(r.body, 'input') } } };
    }
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Coupon Till HQ', version, description: 'Sync API for tills and administration API for HQ. See docs/hq-api.md.' },
    paths,
    components: {
      securitySchemes: {
        tillCredential: { type: 'http', scheme: 'bearer', description: 'The credential a till got from POST /v1/enroll' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token HQ wrote to its data folder at first start' },
      },
      schemas: {
        Error: { type: 'object', required: ['error', 'message'], properties: { error: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array', items: { type: 'object' } } } },
      },
    },
  };
}
