// Pages of integrations: /organizations/{slug}/integrations and its forms (tokens, webhooks — add,
// edit with `?edit={id}`, pause, rotate the secret —, test events). A form that makes a secret
// answers with the page showing it once; the others redirect.
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
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhookEndpoint,
} from './integrations.service';
import { IntegrationsPage, type IntegrationsState } from './pages/integrations';

type SlugParams = { Params: { slug: string }; Querystring: { edit?: string } };
type ItemParams = { Params: { slug: string; id: string } };
type Form = NonNullable<IntegrationsState['form']>;
/** A form that makes a secret: a new token or endpoint (no id), or an endpoint's rotated secret. */
type SecretParams = { Params: { slug: string; id?: string } };

export const integrationsPath = (slug: string) => `/organizations/${encodeURIComponent(slug)}/integrations`;

export function registerIntegrationRoutes(app: FastifyInstance, deps: Deps): void {
  async function render(request: FastifyRequest, reply: FastifyReply, slug: string, state: IntegrationsState = {}, status = 200) {
    const integrations = await getIntegrations(deps, request.actor, slug);
    return sendPage(reply, <IntegrationsPage v={view(request, reply)} integrations={integrations} state={state} />, status);
  }

  /** The page again with what was typed and why it was refused. */
  function refused(request: FastifyRequest, reply: FastifyReply, slug: string, form: Form, error: AppError, editing?: string) {
    const body = (request.body ?? {}) as FormBody;
    const values = { name: text(body, 'name'), url: text(body, 'url'), scopes: list(body, 'scopes'), events: list(body, 'events'), paused: text(body, 'paused') };
    const errors = translateFields(request.t, error.fields);
    const message = Object.keys(errors).length ? undefined : request.t(error.messageKey, error.params);
    return render(request, reply, slug, { form, values, errors, ...(message ? { message } : {}), ...(editing ? { editing } : {}) }, error.status);
  }

  app.get<SlugParams>('/organizations/:slug/integrations', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const editing = request.query.edit;
    return render(request, reply, request.params.slug, typeof editing === 'string' && editing ? { editing } : {});
  });

  /** A form that makes a secret: the page showing it once, or the page again with what was refused. */
  const creating = <T,>(path: string, form: Form, run: (request: FastifyRequest<SecretParams>, slug: string, body: FormBody) => Promise<T>, shown: (created: T) => IntegrationsState) =>
    app.post<SecretParams>(path, async (request, reply) => {
      if (!request.actor) return signInRedirect(request, reply);
      const { slug, id } = request.params;
      const created = await tryForm(() => run(request, slug, (request.body ?? {}) as FormBody));
      if (created instanceof AppError) return refused(request, reply, slug, form, created, id);
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
  creating(
    '/organizations/:slug/integrations/webhooks/:id/rotate-secret',
    'webhook',
    (request, slug) => rotateWebhookSecret(deps, request.actor, slug, request.params.id ?? ''),
    (rotated) => ({ newSecret: { url: rotated.url, secret: rotated.secret, rotated: true } }),
  );

  // Editing a webhook (the form of `?edit={id}`): back to the page, or the form again with what was refused.
  app.post<ItemParams>('/organizations/:slug/integrations/webhooks/:id', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const { slug, id } = request.params;
    const body = (request.body ?? {}) as FormBody;
    const updated = await tryForm(() => updateWebhookEndpoint(deps, request.actor, slug, id, { url: text(body, 'url'), events: list(body, 'events'), active: text(body, 'paused') === '' }));
    if (updated instanceof AppError) return refused(request, reply, slug, 'edit', updated, id);
    return redirectAfterPost(reply, integrationsPath(slug), 'integrations.webhooks.updated');
  });

  // A button (revoke, remove, send a test event): back to the page, or the page with why it was refused
  // (e.g. the endpoint was paused since the page was shown).
  const action = (path: string, form: Form, run: (request: FastifyRequest<ItemParams>) => Promise<unknown>, flash: MessageKey) =>
    app.post<ItemParams>(path, async (request, reply) => {
      if (!request.actor) return signInRedirect(request, reply);
      const done = await tryForm(() => run(request));
      if (done instanceof AppError) return refused(request, reply, request.params.slug, form, done);
      return redirectAfterPost(reply, integrationsPath(request.params.slug), flash);
    });
  action('/organizations/:slug/integrations/tokens/:id/revoke', 'token', (r) => revokeOrganizationToken(deps, r.actor, r.params.slug, r.params.id), 'integrations.tokens.revoked');
  action('/organizations/:slug/integrations/webhooks/:id/remove', 'webhook', (r) => deleteWebhookEndpoint(deps, r.actor, r.params.slug, r.params.id), 'integrations.webhooks.removed');
  action('/organizations/:slug/integrations/webhooks/:id/test', 'webhook', (r) => sendTestEvent(deps, r.actor, r.params.slug, r.params.id), 'integrations.webhooks.testSent');
}
