// The Open Badges 3.0 API under /ims/ob/v3p0 (spec §6): discovery (public), the person's
// credentials and profile (OAuth 2.0 access tokens with the operation's scope). Errors are
// Imsx_StatusInfo documents. The onRequest hook of app.ts leaves bearer tokens under /ims/ to us.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_STATUS } from '../errors';
import { type MessageKey } from '../i18n';
import { SCOPES } from '../oauth/oauth';
import { OAuth2Server, authenticateBearer } from '../oauth/oauth.service';
import type { Actor, Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import type { VerifyInput } from '../verify/verify';
import { serviceDescription } from './discovery';
import { DEFAULT_LIMIT, OB_API_PATH, codeMinorOf, imsxStatus, pagingLinks, pagingSchema, profileUpdateSchema } from './obapi';
import { listSharedCredentials, personProfile, updatePersonProfile, upsertCredential } from './obapi.service';

const JSON_TYPES = ['application/json', 'application/vc+ld+json', 'application/ld+json'];

function sendImsx(reply: FastifyReply, status: number, description: string): FastifyReply {
  return reply.status(status).header('content-type', 'application/json; charset=utf-8').send(imsxStatus(codeMinorOf(status), description));
}

function bearerChallenge(error: InstanceType<typeof OAuth2Server.OAuthError>): string {
  if (error instanceof OAuth2Server.InsufficientScopeError) return 'Bearer realm="Blason", error="insufficient_scope"';
  if (error instanceof OAuth2Server.InvalidTokenError) return 'Bearer realm="Blason", error="invalid_token"';
  if (error instanceof OAuth2Server.InvalidRequestError) return 'Bearer realm="Blason", error="invalid_request"';
  return 'Bearer realm="Blason"';
}

function imsxErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof OAuth2Server.OAuthError) {
    const status = error.code === 400 || error.code === 401 || error.code === 403 ? error.code : 401;
    return sendImsx(reply.header('www-authenticate', bearerChallenge(error)), status, error.message);
  }
  if (error instanceof AppError) {
    const fields = Object.entries(error.fields).map(([name, f]) => `${name}: ${request.t(f.key, f.params)}`);
    return sendImsx(reply, ERROR_STATUS[error.code], [request.t(error.messageKey, error.params), ...fields].join(' '));
  }
  const status = (error as FastifyError).statusCode;
  if (status !== undefined && status >= 400 && status < 500) return sendImsx(reply, status, error.message);
  request.log.error({ err: error }, 'unhandled error');
  return sendImsx(reply, 500, request.t('errors.internal'));
}

async function bearerActor(deps: Deps, request: FastifyRequest, scope: string): Promise<Actor> {
  const { actor } = await authenticateBearer(deps, { method: request.method, headers: request.headers, query: request.query as Record<string, unknown>, body: request.body }, scope);
  return actor;
}

function upsertInput(request: FastifyRequest): VerifyInput {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/plain' && typeof request.body === 'string') return { kind: 'text', text: request.body.trim() };
  if (JSON_TYPES.includes(type) && request.body && typeof request.body === 'object' && !Array.isArray(request.body))
    return { kind: 'object', value: request.body as Record<string, unknown> };
  throw new AppError('unsupported_media', 'obapi.upsert.mediaType');
}

export function registerObApiRoutes(app: FastifyInstance, deps: Deps): void {
  const document = serviceDescription(deps.config.baseUrl, '1.0.0');
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/vc+ld+json', { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'ignore'));
    scope.setErrorHandler(imsxErrorHandler);
    scope.setNotFoundHandler((request, reply) => sendImsx(reply, 404, request.t('errors.notFound')));
    for (const [url, allowed] of [['/credentials', 'GET, POST'], ['/profile', 'GET, PUT'], ['/discovery', 'GET']] as const) {
      const others = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).filter((m) => !allowed.includes(m));
      scope.route({ method: others, url, handler: async (request, reply) => sendImsx(reply.header('allow', allowed), 405, request.t('obapi.notAllowed')) });
    }

    scope.get('/discovery', async (_request, reply) => reply.header('cache-control', 'public, max-age=3600').send(document));

    scope.get('/credentials', async (request, reply) => {
      const actor = await bearerActor(deps, request, SCOPES.credentialReadonly);
      const query = parseInput(pagingSchema, request.query);
      const limit = query.limit ?? DEFAULT_LIMIT;
      const offset = query.offset ?? 0;
      const page = await listSharedCredentials(deps, actor, { limit, offset, since: query.since ? new Date(query.since) : undefined });
      return reply
        .header('x-total-count', String(page.total))
        .header('link', pagingLinks(`${deps.config.baseUrl}${OB_API_PATH}/credentials`, { limit, offset, total: page.total, since: query.since }))
        .header('cache-control', 'no-store')
        .send({ credential: page.credential, compactJwsStrings: page.compactJwsStrings });
    });

    scope.post('/credentials', async (request, reply) => {
      const actor = await bearerActor(deps, request, SCOPES.credentialUpsert);
      const input = upsertInput(request);
      const outcome = await upsertCredential(deps, request.server.verifyServices, actor, input);
      if (!outcome.ok) {
        const failed = outcome.report.checks.filter((c) => !c.passed && !c.skipped).map((c) => c.id);
        const key: MessageKey = 'obapi.upsert.unverified';
        return sendImsx(reply, 400, `${request.t(key)} (${outcome.report.verdict}${failed.length ? `: ${failed.join(', ')}` : ''})`);
      }
      const status = outcome.created ? 201 : 200;
      if (input.kind === 'text') return reply.status(status).header('content-type', 'text/plain; charset=utf-8').send(input.text);
      return reply.status(status).header('content-type', 'application/json; charset=utf-8').send(input.kind === 'object' ? input.value : {});
    });

    scope.get('/profile', async (request, reply) => {
      const actor = await bearerActor(deps, request, SCOPES.profileReadonly);
      return reply.header('cache-control', 'no-store').send(await personProfile(deps, actor));
    });

    scope.put('/profile', async (request, reply) => {
      const actor = await bearerActor(deps, request, SCOPES.profileUpdate);
      const update = parseInput(profileUpdateSchema, request.body);
      return reply.header('cache-control', 'no-store').send(await updatePersonProfile(deps, actor, update));
    });
  }, { prefix: OB_API_PATH });
}
