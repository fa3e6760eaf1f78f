// Pages of integrations: /organizations/{slug}/integrations and its forms (tokens, webhooks, test
// events). A form that makes a secret answers with the page showing it once; the others redirect.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import type { MessageKey } from '../i18n';
import { type FormBody, list, text, tryForm } from '../organizations/forms';
import type { Deps } from '../platform/deps';
import { redirectAfterPost, signInRedirect, view } from '../web/http';
import { sendPage, translateFields } from '../web/render';
import {
  createOrganizationToken,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getIntegrations,
  revokeOrganizationToken,
  sendTestEvent,
} from './integrations.service';
import { IntegrationsPage, type IntegrationsState } from './pages/integrations';

type SlugParams = { Params: { slug: string } };
type ItemParams = { Params: { slug: string; id: string } };

export const integrationsPath = (slug: string) => `/organizations/${encodeURIComponent(slug)}/integrations`;

export function registerIntegrationRoutes(app: FastifyInstance, deps: Deps): void {
  async function render(request: FastifyRequest, reply: FastifyReply, slug: string, state: IntegrationsState = {}, status = 200) {
    const integrations = await getIntegrations(deps, request.actor, slug);
    return sendPage(reply, <IntegrationsPage v={view(request, reply)} integrations={integrations} state={state} />, status);
  }

  /** The page again with what was typed and why it was refused. */
  function refused(request: FastifyRequest, reply: FastifyReply, slug: string, form: 'token' | 'webhook', error: AppError) {
    const body = (request.body ?? {}) as FormBody;
    const values = { name: text(body, 'name'), url: text(body, 'url'), scopes: list(body, 'scopes'), events: list(body, 'events') };
    const errors = translateFields(request.t, error.fields);
    const message = Object.keys(errors).length ? undefined : request.t(error.messageKey, error.params);
    return render(request, reply, slug, { form, values, errors, ...(message ? { message } : {}) }, error.status);
  }

  app.get<SlugParams>('/organizations/:slug/integrations', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    return render(request, reply, request.params.slug);
  });

  /** A form that makes a secret: the page showing it once, or the page again with what was refused. */
  const creating = <T,>(path: string, form: 'token' | 'webhook', run: (request: FastifyRequest, slug: string, body: FormBody) => Promise<T>, shown: (created: T) => IntegrationsState) =>
    app.post<SlugParams>(path, async (request, reply) => {
      if (!request.actor) return signInRedirect(request, reply);
      const { slug } = request.params;
      const created = await tryForm(() => run(request, slug, (request.body ?? {}) as FormBody));
      if (created instanceof AppError) return refused(request, reply, slug, form, created);
      return render(request, reply, slug, shown(created));
    });
  creating(
    '/organizations/:slug/integrations/tokens',
    'token',
    (request, slug, body) => createOrganizationToken(deps, request.actor, slug, { name: text(body, 'name'), scopes: list(body, 'scopes') }),
    (created) => ({ newToken: { name: created.name, token: created.token } }),
  );
  creating(
    '/organizations/:slug/integrations/webhooks',
    'webhook',
    (request, slug, body) => createWebhookEndpoint(deps, request.actor, slug, { url: text(body, 'url'), events: list(body, 'events') }),
    (created) => ({ newSecret: { url: created.url, secret: created.secret } }),
  );

  const action = (path: string, run: (request: FastifyRequest<ItemParams>) => Promise<unknown>, flash: MessageKey) =>
    app.post<ItemParams>(path, async (request, reply) => {
      if (!request.actor) return signInRedirect(request, reply);
      await run(request);
      return redirectAfterPost(reply, integrationsPath(request.params.slug), flash);
    });
  action('/organizations/:slug/integrations/tokens/:id/revoke', (r) => revokeOrganizationToken(deps, r.actor, r.params.slug, r.params.id), 'integrations.tokens.revoked');
  action('/organizations/:slug/integrations/webhooks/:id/remove', (r) => deleteWebhookEndpoint(deps, r.actor, r.params.slug, r.params.id), 'integrations.webhooks.removed');
  action('/organizations/:slug/integrations/webhooks/:id/test', (r) => sendTestEvent(deps, r.actor, r.params.slug, r.params.id), 'integrations.webhooks.testSent');
}
