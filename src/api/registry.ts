// JSON API routes are declared once — method, path, schemas, handler — and both registered on
// Fastify and described in the OpenAPI document from that one declaration.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fail } from '../errors';
import type { Locale, Translate } from '../i18n';
import type { OrgTokenPrincipal, Scope } from '../integrations/integrations';
import type { Actor, Deps } from '../platform/deps';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiContext<B, Q> {
  deps: Deps;
  actor: Actor | null;
  /** The organisation API token of the request, on routes that accept one (`orgScope`). */
  orgToken: OrgTokenPrincipal | null;
  params: Record<string, string>;
  body: B;
  query: Q;
  t: Translate;
  locale: Locale;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface ApiResult {
  status?: number;
  body: unknown;
}

export interface RawBody {
  contentType: string;
  description: string;
}

export interface RouteRateLimit {
  max: number;
  timeWindow: string;
  keyGenerator?: (request: FastifyRequest) => string;
}

export interface ApiRoute<B = unknown, Q = unknown> {
  method: HttpMethod;
  /** Path under /api/v1, Fastify style (`/organizations/:slug`). */
  path: string;
  /** Served at `path` itself rather than under /api/v1 (the W3C VC API's `/credentials/issue`…). */
  root?: boolean;
  summary: string;
  tag: string;
  /** 'required': a session or a bearer token; 'none': public. */
  auth: 'required' | 'none';
  /** Also open to an organisation API token having this scope (the handler checks its organisation). */
  orgScope?: Scope;
  /** Requests allowed per key (the client's address unless `keyGenerator` says) and window; more are answered 429 with Retry-After. */
  rateLimit?: RouteRateLimit;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** Request bodies other than JSON (multipart uploads, text), described for the OpenAPI document. */
  rawBody?: RawBody | readonly RawBody[];
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  handler(ctx: ApiContext<B, Q>): Promise<ApiResult>;
}

/** Keeps each route's body and query types tied to its schemas. */
export function apiRoute<B = unknown, Q = unknown>(route: ApiRoute<B, Q>): ApiRoute {
  return route as unknown as ApiRoute;
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw fail.unauthenticated();
  return actor;
}

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

function toOpenApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
}

export function openApiDocument(routes: readonly ApiRoute[], baseUrl: string, version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = toOpenApiPath(r.path);
    const parameters = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (r.query) {
      const q = jsonSchema(r.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {}))
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema } as never);
    }
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(r.responses)) {
      responses[status] = {
        description: res.description,
        ...(res.schema ? { content: { 'application/json': { schema: jsonSchema(res.schema, 'output') } } } : {}),
      };
    }
    responses.default = {
      description: 'Error',
      content: { 'application/json': { schema: jsonSchema(errorSchema, 'output') } },
    };
    const content: Record<string, unknown> = {};
    if (r.body) content['application/json'] = { schema: jsonSchema(r.body, 'input') };
    for (const raw of [r.rawBody ?? []].flat()) content[raw.contentType] = { schema: { description: raw.description } };
    if (r.root) (paths[path] ??= {}).servers = [{ url: baseUrl }];
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
      responses,
      ...(r.auth === 'required' ? { security: [{ bearer: [] }, { session: [] }] } : { security: [] }),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Blason API',
      version,
      description: 'JSON API of Blason. Every use case of the web pages is here too.',
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (blason_…), or an organisation API token (blason_org_…) on the routes that say so' },
        session: { type: 'apiKey', in: 'cookie', name: 'blason_session' },
      },
    },
  };
}
