import { z, type ZodType } from 'zod';
import type { RouteSpec } from './routes/define';
import { rolesFor } from './services/adminAccounts';

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
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema,
  }));
}

/**
 * The answers a route can give besides 200, 400, 401, 413 and 500 (which the document adds to
 * every route that can give them): from the services each route calls. hq/openapi.test.ts
 * provokes them and checks every real answer is described.
 */
const ROUTE_STATUSES: Record<string, Record<number, string>> = {
  'POST /v1/enroll': { 401: 'Unknown, used or expired enrollment token' },
  'POST /v1/claim': { 409: 'The claim id was used for another code' },
  'POST /admin/stores': { 409: 'The store exists' },
  'POST /admin/tills': { 404: 'No such store' },
  'POST /admin/users': { 404: 'No such store' },
  'PATCH /admin/users/:id': { 404: 'No such user or store' },
  'POST /admin/users/:id/disable': { 404: 'No such user' },
  'POST /admin/users/:id/enable': { 404: 'No such user' },
  'POST /admin/campaigns': { 409: 'The campaign exists' },
  'PUT /admin/campaigns/:id': { 404: 'No such campaign' },
  'POST /admin/campaigns/:id/end': { 404: 'No such campaign' },
  'POST /admin/keys/rotate': { 409: 'No key ids left' },
  'POST /admin/keys/:id/retire': { 404: 'No such key' },
  'POST /admin/codes/mint': { 404: 'No such campaign', 409: 'The campaign ended, or no issuing key is active' },
  'POST /admin/codes/import': { 404: 'No such campaign', 415: 'The body is not text/csv' },
  'GET /admin/codes/export': { 404: 'No such campaign' },
  'GET /admin/codes/qr': { 404: 'No such code' },
  'POST /admin/conflicts/:redemptionId/resolve': { 404: 'No such conflict', 409: 'The conflict is not open' },
  'POST /admin/accounts': { 409: 'An account has this name' },
  'POST /admin/accounts/:id/rotate': { 404: 'No such account' },
  'POST /admin/accounts/:id/disable': { 404: 'No such account', 409: 'The last enabled owner' },
  'POST /admin/accounts/:id/enable': { 404: 'No such account' },
};

/** Every status `r` can answer, with its description (the test compares these with real answers). */
export function routeStatuses(r: RouteSpec): Record<number, string> {
  const out: Record<number, string> = { 200: 'OK', 400: 'Invalid request' };
  if (r.auth !== 'none') out[401] = 'Missing or wrong credential';
  // Every role may read; anything else is refused to the roles that do not cover its area.
  if (r.auth === 'admin' && r.area && r.area !== 'read') out[403] = `The admin account's role may not do this (it needs ${rolesFor(r.area).join(' or ')})`;
  Object.assign(out, ROUTE_STATUSES[`${r.method} ${r.url}`] ?? {});
  out[413] = "The body is over this route's limit (answered before it is read)";
  out[500] = 'HQ failed; nothing was changed';
  return out;
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
        ...Object.fromEntries(Object.entries(routeStatuses(r)).map(([status, description]) => [status, { description, ...errorBody }])),
        200: r.produces
          ? { description: 'OK', content: { [r.produces]: {} } }
          : { description: 'OK', ...(r.response ? { content: { 'application/json': { schema: schemaOf(r.response, 'output') } } } : {}) },
      },
    };
    if (r.auth !== 'none') op.security = [{ [r.auth === 'admin' ? 'adminToken' : 'tillCredential']: [] }];
    if (r.auth === 'admin' && r.area) op['x-roles'] = rolesFor(r.area);
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
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            "An admin account's token (POST /admin/accounts; the first owner's is the admin-token file HQ wrote at first start). Each operation lists the roles that may call it in x-roles.",
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'message'],
          properties: { error: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array', items: { type: 'object' } } },
        },
      },
    },
  };
}
