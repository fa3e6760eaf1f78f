// Pages of awarded badges: the credential's URL (HTML for people, JSON-LD for machines, downloads),
// the revoke form, the award form and the list of a badge's credentials. Claims, "my badges" and
// the public status documents are registered from here too.
import { RecognitionSection } from '../networks/pages/recognition';
import { VisibilityForm } from '../backpack/pages/backpack';
import { ShareMeta, ShareSection } from '../backpack/pages/share';
import { credentialEndorsements } from '../networks/recognition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, fail } from '../errors';
import { tryForm } from '../organizations/forms';
import type { Actor, Deps } from '../platform/deps';
import { visibleCredential } from './claims.service';
import { parseInput } from '../platform/validate';
import { redirectAfterPost, signInRedirect, view, wantsJson } from '../web/http';
import { sendPage, translateFields } from '../web/render';
import { type Credential, credentialPath, credentialUrl } from './awards';
import { awardCredential, getCredential, listCredentialsOfBadge, mayManage, requireBadgeIssue } from './awards.service';
import { registerClaimRoutes } from './claims.routes';
import { FORMATS, credentialDownload } from './downloads';
import { awardFormErrors, awardFormValues, formToAwardInput } from './forms';
import { AwardPage } from './pages/award';
import { BadgeCredentialsPage } from './pages/badge-credentials';
import { CredentialPage } from './pages/credential';
import { registerPublicStatusRoutes } from './public.routes';
import { revokeCredential } from './revocation.service';

type IdParams = { Params: { id: string } };
const formatQuery = z.object({ format: z.enum(FORMATS).optional() });
const pageQuery = z.object({ offset: z.coerce.number().int().min(0).max(1_000_000).default(0) });

/** The credential, unless the recipient declined it (then it is gone for everyone). */
/** The credential of a page or download, as the asker may see it (see visibleCredential). */
export async function shownCredential(deps: Deps, actor: Actor | null, id: string): Promise<Credential> {
  return visibleCredential(deps, actor, id);
}

export async function credentialPage(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  c: Credential,
  form: { errors?: Record<string, string>; reason?: string; status?: number; recognition?: { comment: string; errors?: Record<string, string>; message?: string | undefined } } = {},
) {
  const [staff, canRevoke] = await Promise.all([mayManage(deps, request.actor, c, 'badge.issue'), mayManage(deps, request.actor, c, 'badge.revoke')]);
  const v = view(request, reply);
  const recognition = await credentialEndorsements(deps, request.actor, c.publicId);
  const page = (
    <CredentialPage
      v={v}
      c={c}
      url={credentialUrl(deps.config.baseUrl, c.publicId)}
      showEvidence={c.evidenceShown || recognition.earner || staff || canRevoke}
      head={<ShareMeta v={v} c={c} url={credentialUrl(deps.config.baseUrl, c.publicId)} baseUrl={deps.config.baseUrl} />}
      now={deps.clock.now()}
      staff={staff || canRevoke}
      canRevoke={canRevoke}
      errors={form.errors}
      reason={form.reason}
      extra={
        <>
          {recognition.earner && <ShareSection v={v} c={c} url={credentialUrl(deps.config.baseUrl, c.publicId)} />}
          {recognition.earner && <VisibilityForm v={v} credentialId={c.publicId} visibility={c.visibility} evidence={{ has: c.evidence.length > 0 && !c.basis, shown: c.evidenceShown }} />}
          <RecognitionSection v={v} credentialId={c.publicId} {...recognition} comment={form.recognition?.comment} errors={form.recognition?.errors} message={form.recognition?.message} />
        </>
      }
    />
  );
  return sendPage(reply, page, form.status ?? 200);
}

export function registerAwardRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<IdParams & { Querystring: unknown }>('/credentials/:id', async (request, reply) => {
    const { format } = parseInput(formatQuery, request.query);
    reply.header('vary', 'Accept');
    const c = await shownCredential(deps, request.actor, request.params.id);
    if (format) {
      const download = await credentialDownload(deps, c, format, { t: request.t, locale: request.locale });
      return reply
        .header('content-type', download.contentType)
        .header('content-disposition', `attachment; filename="${download.filename}"`)
        .header('access-control-allow-origin', '*')
        .header('x-content-type-options', 'nosniff')
        .send(download.body);
    }
    if (wantsJson(request)) {
      const ld = (request.headers.accept ?? '').includes('application/ld+json');
      return reply
        .header('content-type', `${ld ? 'application/ld+json' : 'application/json'}; charset=utf-8`)
        .header('cache-control', 'public, max-age=60')
        .header('access-control-allow-origin', '*')
        .send(JSON.stringify(c.document));
    }
    return credentialPage(deps, request, reply, c);
  });

  app.post<IdParams & { Body: Record<string, unknown> }>('/credentials/:id/revoke', async (request, reply) => {
    const { id } = request.params;
    const reason = typeof request.body?.reason === 'string' ? request.body.reason : '';
    const result = await tryForm(() => revokeCredential(deps, request.actor, id, { reason }));
    if (result instanceof AppError) {
      const errors = translateFields(request.t, result.fields);
      if (result.code !== 'validation') errors.reason = request.t(result.messageKey, result.params);
      return credentialPage(deps, request, reply, await getCredential(deps, id), { errors, reason, status: result.status });
    }
    return redirectAfterPost(reply, credentialPath(id), 'awards.flash.revoked');
  });

  app.get<IdParams>('/badges/:id/award', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const { badge } = await requireBadgeIssue(deps, request.actor, request.params.id);
    return sendPage(reply, <AwardPage v={view(request, reply)} badge={badge} />);
  });

  app.post<IdParams>('/badges/:id/award', async (request, reply) => {
    const { id } = request.params;
    const values = awardFormValues(request.body);
    const result = await tryForm(() => awardCredential(deps, request.actor, id, formToAwardInput(values)));
    if (result instanceof AppError) {
      const { badge } = await requireBadgeIssue(deps, request.actor, id);
      const errors = translateFields(request.t, awardFormErrors(result.fields, values));
      const message = result.code === 'validation' ? undefined : request.t(result.messageKey, result.params);
      return sendPage(reply, <AwardPage v={view(request, reply)} badge={badge} values={values} errors={errors} message={message} />, result.status);
    }
    return redirectAfterPost(reply, credentialPath(result.id), 'awards.flash.awarded');
  });

  app.get<IdParams & { Querystring: unknown }>('/badges/:id/credentials', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const { offset } = parseInput(pageQuery, request.query);
    const page = await listCredentialsOfBadge(deps, request.actor, request.params.id, { limit: 100, offset });
    return sendPage(reply, <BadgeCredentialsPage v={view(request, reply)} {...page} now={deps.clock.now()} />);
  });

  registerClaimRoutes(app, deps);
  registerPublicStatusRoutes(app, deps);
}
