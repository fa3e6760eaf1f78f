// OAuth 2.0 over HTTP: the consent page (/oauth/authorize, a page with a form), the account's
// authorised applications, and the machine endpoints of the OB 3.0 API — registration (RFC 7591),
// token, revocation (RFC 7009) — which answer OAuth's own JSON errors.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OAUTH_PATHS } from '../obapi/discovery';
import type { Deps } from '../platform/deps';
import { ErrorPage } from '../web/error-page';
import { redirectAfterPost, signInRedirect, view } from '../web/http';
import { sendPage } from '../web/render';
import {
  type ProtocolAnswer,
  type ProtocolRequest,
  checkAuthorization,
  decideAuthorization,
  exchangeToken,
  listAuthorisedApplications,
  registerClient,
  revokeApplication,
  revokeToken,
} from './oauth.service';
import { ApplicationsPage, PolicyPage } from './pages/applications';
import { ConsentPage } from './pages/consent';

/** Token requests (codes, refreshes) allowed per client address and minute; more are answered 429 with Retry-After. */
export const TOKEN_RATE_LIMIT = { max: 60, timeWindow: '1 minute' };

const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="Blason"><rect width="64" height="64" rx="12" fill="#1d3c8f"/><path d="M32 10 52 32 32 54 12 32Z" fill="#fff"/></svg>`;

function protocolRequest(request: FastifyRequest): ProtocolRequest {
  return { method: request.method, headers: request.headers, query: request.query as Record<string, unknown>, body: request.body };
}

function sendAnswer(reply: FastifyReply, answer: ProtocolAnswer): FastifyReply {
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  return reply.status(answer.status).send(answer.body);
}

export function registerOauthRoutes(app: FastifyInstance, deps: Deps): void {
  // The machine endpoints: OAuth's JSON errors, never a page.
  void app.register(async (scope) => {
    scope.setErrorHandler((error, request, reply) => {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 429) return sendAnswer(reply, { status, headers: {}, body: { error: 'slow_down', error_description: 'Too many requests' } });
      if (status !== undefined && status >= 400 && status < 500) return sendAnswer(reply, { status: 400, headers: {}, body: { error: 'invalid_request', error_description: error instanceof Error ? error.message : 'Invalid request' } });
      request.log.error({ err: error }, 'unhandled error');
      return sendAnswer(reply, { status: 500, headers: {}, body: { error: 'server_error' } });
    });
    scope.post(OAUTH_PATHS.register, { config: { rateLimit: { max: 30, timeWindow: '1 hour' } } }, async (request, reply) => sendAnswer(reply, await registerClient(deps, request.body)));
    scope.post(OAUTH_PATHS.token, { config: { rateLimit: TOKEN_RATE_LIMIT } }, async (request, reply) => sendAnswer(reply, await exchangeToken(deps, protocolRequest(request))));
    scope.post(OAUTH_PATHS.revoke, async (request, reply) => sendAnswer(reply, await revokeToken(deps, protocolRequest(request))));
  });

  const authorize = async (request: FastifyRequest, reply: FastifyReply, params: Record<string, unknown>, decision?: unknown) => {
    if (!request.actor) return signInRedirect(request, reply);
    const check = await checkAuthorization(deps, params);
    const v = view(request, reply);
    if (check.kind === 'page') return sendPage(reply, <ErrorPage v={v} message={v.t(check.messageKey)} status={400} />, 400);
    if (check.kind === 'redirect') return reply.redirect(check.location, 303);
    // Never in a frame: a consent page must not be clickjacked.
    if (decision === undefined) return sendPage(reply.header('x-frame-options', 'DENY').header('content-security-policy', "frame-ancestors 'none'"), <ConsentPage v={v} request={check.request} />);
    return reply.redirect(await decideAuthorization(deps, request.actor, check.request, decision === 'allow'), 303);
  };
  app.get(OAUTH_PATHS.authorize, async (request, reply) => authorize(request, reply, request.query as Record<string, unknown>));
  app.post(OAUTH_PATHS.authorize, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    return authorize(request, reply, body, body.decision === 'allow' ? 'allow' : 'deny');
  });

  app.get(OAUTH_PATHS.policy, async (request, reply) => sendPage(reply, <PolicyPage v={view(request, reply)} />));
  app.get(OAUTH_PATHS.logo, async (_request, reply) => reply.header('content-type', 'image/svg+xml').header('cache-control', 'public, max-age=86400').send(LOGO_SVG));

  app.get('/account/connected-apps', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const applications = await listAuthorisedApplications(deps, request.actor);
    return sendPage(reply, <ApplicationsPage v={view(request, reply)} applications={applications} />);
  });
  app.post('/account/connected-apps/revoke', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    await revokeApplication(deps, request.actor, typeof body.client_id === 'string' ? body.client_id : '');
    return redirectAfterPost(reply, '/account/connected-apps', 'oauth.applications.revoked');
  });
}
