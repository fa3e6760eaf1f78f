// The HTTP application: plugins, authentication, language, CSRF, errors, and every module's routes.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { h } from 'preact';
import { findUserByApiToken, findUserBySession } from './accounts/auth.repository';
import { userRowToActor } from './accounts/accounts';
import { registerAccountRoutes } from './accounts/accounts.routes';
import { accountApiRoutes } from './accounts/accounts.api';
import { registerAdminRoutes } from './admin/admin.routes';
import { adminApiRoutes } from './admin/admin.api';
import { awardApiRoutes } from './awards/awards.api';
import { registerAwardRoutes } from './awards/awards.routes';
import { badgeApiRoutes } from './badges/badges.api';
import { registerBadgeRoutes } from './badges/badges.routes';
import { bulkApiRoutes } from './bulk/bulk.api';
import { applicationApiRoutes } from './applications/applications.api';
import { backpackApiRoutes } from './backpack/backpack.api';
import { reportApiRoutes } from './reports/reports.api';
import { registerReportRoutes } from './reports/reports.routes';
import { networkApiRoutes } from './networks/networks.api';
import { registerNetworkRoutes } from './networks/networks.routes';
import { registerPartnerRoutes } from './networks/partners.routes';
import { pathwayApiRoutes } from './pathways/pathways.api';
import { registerPathwayRoutes } from './pathways/pathways.routes';
import { registerApplicationRoutes } from './applications/applications.routes';
import { registerBulkRoutes } from './bulk/bulk.routes';
import { type ApiRoute, openApiDocument } from './api/registry';
import { registerApiRoutes } from './api/routes';
import { AppError, ERROR_STATUS } from './errors';
import { type Locale, type Translate, isLocale, negotiateLocale, translator } from './i18n';
import { registerIssuerRoutes } from './issuers/issuers.routes';
import { type OrgTokenPrincipal, isOrgToken } from './integrations/integrations';
import { integrationApiRoutes } from './integrations/integrations.api';
import { registerIntegrationRoutes } from './integrations/integrations.routes';
import { resolveOrgToken } from './integrations/integrations.service';
import { isVcApiPath } from './integrations/vcapi';
import { oauthApiRoutes } from './oauth/oauth.api';
import { registerOauthRoutes } from './oauth/oauth.routes';
import { registerObApiRoutes } from './obapi/obapi.routes';
import { organizationApiRoutes } from './organizations/organizations.api';
import { registerOrganizationRoutes } from './organizations/organizations.routes';
import type { Actor, Deps } from './platform/deps';
import { instanceSecret } from './platform/instance';
import { ErrorPage } from './web/error-page';
import { localRoutesProvider } from './verify/resolver';
import { verifyApiRoutes } from './verify/verify.api';
import { registerVerifyRoutes } from './verify/verify.routes';
import { createVerifyServices, type VerifyServicesOptions } from './verify/verify.service';
import { registerHomeRoutes } from './web/home';
import { safeBack, sendPage, translateFields } from './web/render';
import { view, wantsJson } from './web/http';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    authVia: 'session' | 'token' | null;
    /** An organisation API token (blason_org_…): no actor; routes that accept one check its scope. */
    orgToken: OrgTokenPrincipal | null;
    sessionToken: string | null;
    locale: Locale;
    t: Translate;
  }
}

export const SESSION_COOKIE = 'blason_session';
export const LOCALE_COOKIE = 'blason_locale';
const VERSION = '0.1.0';

export const apiRoutes: readonly ApiRoute[] = [...accountApiRoutes, ...organizationApiRoutes, ...adminApiRoutes, ...badgeApiRoutes, ...awardApiRoutes, ...verifyApiRoutes, ...bulkApiRoutes, ...applicationApiRoutes, ...pathwayApiRoutes, ...networkApiRoutes, ...backpackApiRoutes, ...reportApiRoutes, ...integrationApiRoutes, ...oauthApiRoutes];

export interface AppOptions {
  /** Called after every request that may have enqueued jobs (the in-process worker's poke). */
  afterWrite?: () => void;
  /** The verifier's outbound fetcher (tests pass a fake) and extra local document providers. */
  verify?: VerifyServicesOptions;
}

export async function buildApp(deps: Deps, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config, db } = deps;
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
  });

  await app.register(cookie, { secret: await instanceSecret(db, 'cookie_secret') });
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 10, fields: 50 } });
  await app.register(rateLimit, { global: false });
  await app.register(csrf, {
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, signed: true, secure: config.secureCookies },
    getToken: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const query = req.query as Record<string, unknown> | undefined;
      const header = req.headers['x-csrf-token'];
      const value = body?._csrf ?? query?._csrf ?? header;
      return typeof value === 'string' ? value : '';
    },
  });

  app.decorateRequest('actor', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('orgToken', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('locale', 'fr');
  app.decorateRequest('t', translator('fr'));

  // Who is asking, and in which language.
  app.addHook('onRequest', async (request) => {
    const now = deps.clock.now();
    const auth = request.headers.authorization;
    const cookieLocale = request.cookies[LOCALE_COOKIE];
    const askedLocale = isLocale(cookieLocale) ? cookieLocale : negotiateLocale(request.headers['accept-language']);
    // A refused token is answered in the language asked for (the person is not known yet).
    request.t = translator(askedLocale);
    // Under /ims/ (the OB 3.0 API) bearer tokens are OAuth 2.0 access tokens, checked by those routes.
    if (auth?.startsWith('Bearer ') && !request.url.startsWith('/ims/')) {
      const token = auth.slice(7).trim();
      if (isOrgToken(token)) {
        request.orgToken = await resolveOrgToken(deps, token);
        if (!request.orgToken) {
          throw new AppError('unauthenticated', 'integrations.tokens.invalid');
        }
      } else {
        const user = await findUserByApiToken(db, token, now);
        if (!user) throw new AppError('unauthenticated', 'errors.unauthenticated');
        request.actor = userRowToActor(user);
      }
      request.authVia = 'token';
    } else {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const user = await findUserBySession(db, token, now);
        if (user) {
          request.actor = userRowToActor(user);
          request.authVia = 'session';
          request.sessionToken = token;
        }
      }
    }
    request.locale = request.actor?.locale ?? askedLocale;
    request.t = translator(request.locale);
  });

  // CSRF: every unsafe request carrying ambient authority (a cookie) or posting a web form.
  app.addHook('preHandler', (request, reply, done) => {
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    // The OB 3.0 API and its OAuth endpoints (/ims/) are called by other servers, with tokens, like /api/.
    const isApi = request.url.startsWith('/api/') || isVcApiPath(request.url) || request.url.startsWith('/ims/');
    const needsCheck = unsafe && request.authVia !== 'token' && (!isApi || request.cookies[SESSION_COOKIE] !== undefined);
    if (!needsCheck) return done();
    app.csrfProtection(request, reply, done);
  });

  const { afterWrite } = options;
  if (afterWrite) {
    app.addHook('onResponse', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') afterWrite();
    });
  }

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => handleError(error, request, reply));
  app.setNotFoundHandler((request, reply) => handleError(new AppError('not_found', 'errors.notFound'), request, reply));

  for (const [name, type] of [
    ['app.css', 'text/css; charset=utf-8'],
    ['refresh.js', 'text/javascript; charset=utf-8'],
  ] as const) {
    const body = fs.readFileSync(new URL(`./web/assets/${name}`, import.meta.url));
    app.get(`/assets/${name}`, async (_req, reply) => reply.header('content-type', type).header('cache-control', 'public, max-age=3600').send(body));
  }

  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  app.post('/locale', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const locale = isLocale(body.locale) ? body.locale : 'fr';
    reply.setCookie(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: 365 * 86400, secure: config.secureCookies });
    if (request.actor) await db.updateTable('users').set({ locale, updated_at: deps.clock.now() }).where('id', '=', request.actor.id).execute();
    return reply.redirect(safeBack(body.back), 303);
  });

  const document = openApiDocument(apiRoutes, config.baseUrl, VERSION);
  app.get('/api/v1/openapi.json', async () => document);
  registerApiRoutes(app, deps, apiRoutes);

  registerHomeRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerOrganizationRoutes(app, deps);
  registerAdminRoutes(app, deps);
  registerIssuerRoutes(app, deps);
  registerBadgeRoutes(app, deps);
  registerAwardRoutes(app, deps);
  registerBulkRoutes(app, deps);
  registerApplicationRoutes(app, deps);
  registerPathwayRoutes(app, deps);
  registerNetworkRoutes(app, deps);
  registerPartnerRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerIntegrationRoutes(app, deps);
  registerOauthRoutes(app, deps);
  registerObApiRoutes(app, deps);
  const verifyServices = createVerifyServices({
    ...options.verify,
    providers: [...(options.verify?.providers ?? []), localRoutesProvider(app)],
  });
  registerVerifyRoutes(app, deps, verifyServices);
  return app;
}

function handleError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const t = request.t ?? translator('fr');
  let appError: AppError;
  if (error instanceof AppError) appError = error;
  else if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET')
    appError = new AppError('forbidden', 'errors.csrf');
  else if (error.statusCode === 429) appError = new AppError('rate_limited', 'errors.rateLimited');
  else if (error.statusCode === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE')
    appError = new AppError('payload_too_large', 'errors.payloadTooLarge');
  else if (error.statusCode === 415) appError = new AppError('unsupported_media', 'errors.unsupportedMedia');
  else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
    appError = new AppError('validation', 'errors.validation');
  else {
    request.log.error({ err: error }, 'unhandled error');
    appError = new AppError('internal', 'errors.internal');
  }
  const status = ERROR_STATUS[appError.code];
  if (wantsJson(request) || reply.sent) {
    const fields = translateFields(t, appError.fields);
    return reply.status(status).send({
      error: {
        code: appError.code,
        message: t(appError.messageKey, appError.params),
        ...(Object.keys(fields).length ? { fields } : {}),
      },
    });
  }
  if (appError.code === 'unauthenticated') return reply.redirect(`/signin?back=${encodeURIComponent(request.url)}`, 303);
  return sendPage(
    reply,
    h(ErrorPage, { v: view(request, reply), message: t(appError.messageKey, appError.params), status }),
    status,
  );
}
