// Pages and forms of the earner's backpack: imported badges (import — a multipart upload or an
// address —, check again, remove), a credential's visibility, collections (create, edit, delete, read)
// and the public profile (settings, page). Forms answer with a redirect, or the page again with the reason.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { list, text, tryForm } from '../organizations/forms';
import { credentialPath } from '../awards/awards';
import { listMyCredentials } from '../awards/claims.service';
import { sendPage, translateFields } from '../web/render';
import { CollectionPage, ProfilePage } from './pages/backpack';
import { collectionPath, createCollection, deleteCollection, getCollection, getPublicProfile, listMyCollections, setProfile, setVisibility, updateCollection } from './collections';
import type { Deps } from '../platform/deps';
import { redirectAfterPost, signInRedirect, view } from '../web/http';
import type { FormErrors } from '../web/view';
import { problemMessage } from '../verify/present';
import { readVerifyForm } from '../verify/upload';
import type { VerifyInput } from '../verify/verify';
import { exportBackpack } from './export';
import { importCredential, importRefusalKey, recheckImported, removeImported } from './imports';

const MINE = '/badges/mine#imports';

/** What "Mes badges" shows again after a failed form: the import form's errors or message, the new collection's errors. */
export interface MineForm {
  errors?: FormErrors;
  message?: string;
  collectionErrors?: FormErrors;
  status: number;
}

export function registerBackpackRoutes(
  app: FastifyInstance,
  deps: Deps,
  minePage: (request: FastifyRequest, reply: FastifyReply, form: MineForm) => Promise<FastifyReply>,
): void {
  app.post('/backpack/import', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const form = await readVerifyForm(request, deps.config.maxUploadBytes);
    if (form.tooLarge) return minePage(request, reply, { errors: { file: request.t('errors.payloadTooLarge') }, status: 413 });
    const url = form.fields.url?.trim() ?? '';
    const input: VerifyInput | null = form.file ? { kind: 'bytes', bytes: form.file } : url ? { kind: 'url', url } : null;
    if (!input) return minePage(request, reply, { errors: { file: request.t('backpack.import.required') }, status: 400 });
    const outcome = await tryForm(() => importCredential(deps, request.server.verifyServices, request.actor, input));
    if (outcome instanceof AppError) return minePage(request, reply, { message: request.t(outcome.messageKey, outcome.params), status: outcome.status });
    if (!outcome.ok) {
      const failed = outcome.report.checks.find((c) => !c.passed && !c.skipped)?.problems[0];
      const reason = failed ? problemMessage(request.t, failed.code) : '';
      return minePage(request, reply, { message: `${request.t(importRefusalKey(outcome.report))} ${request.t(`verify.verdict.${outcome.report.verdict}`)} ${reason}`.trim(), status: 422 });
    }
    return redirectAfterPost(reply, MINE, 'backpack.import.done');
  });

  app.post<{ Params: { id: string } }>('/backpack/imports/:id/verify', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    await recheckImported(deps, request.server.verifyServices, request.actor, request.params.id);
    return redirectAfterPost(reply, MINE, 'backpack.import.rechecked');
  });

  // Visibility, collections and the public profile.
  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/credentials/:id/visibility', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const body = request.body ?? {};
    // The evidence checkbox is only on the form when there is evidence: unticked then means hidden.
    const evidence = text(body, 'evidenceField') ? { showEvidence: text(body, 'showEvidence') === 'on' } : {};
    await setVisibility(deps, request.actor, request.params.id, { visibility: text(body, 'visibility'), ...evidence });
    return redirectAfterPost(reply, `${credentialPath(request.params.id)}#visibility`, 'backpack.visibility.saved');
  });

  app.post<{ Body: Record<string, unknown> }>('/collections', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const result = await tryForm(() => createCollection(deps, request.actor, { name: text(request.body ?? {}, 'name') }));
    if (result instanceof AppError) return minePage(request, reply, { collectionErrors: translateFields(request.t, result.fields), status: result.status });
    return redirectAfterPost(reply, collectionPath(result.id), 'backpack.collection.created');
  });

  const collectionPage = async (request: FastifyRequest, reply: FastifyReply, id: string, errors?: FormErrors, status = 200) => {
    const collection = await getCollection(deps, request.actor, id);
    const own = request.actor !== null && (await listMyCollections(deps, request.actor)).some((c) => c.id === id);
    const mine = own ? (await listMyCredentials(deps, request.actor)).filter((c) => c.state !== 'declined') : null;
    return sendPage(reply, <CollectionPage v={view(request, reply)} collection={collection} mine={mine} errors={errors} />, status);
  };

  app.get<{ Params: { id: string } }>('/collections/:id', async (request, reply) => collectionPage(request, reply, request.params.id));

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/collections/:id', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const body = request.body ?? {};
    // Ticked badges, in the order of their ranks (unranked ones last, in the page's order).
    const ticked = list(body, 'items');
    const rankOf = (id: string) => {
      const n = Number(text(body, `rank_${id}`));
      return Number.isFinite(n) && n > 0 ? n : Number.MAX_SAFE_INTEGER;
    };
    const items = ticked.map((id, i) => ({ id, i })).sort((a, b) => rankOf(a.id) - rankOf(b.id) || a.i - b.i).map((x) => x.id);
    const result = await tryForm(() => updateCollection(deps, request.actor, request.params.id, { name: text(body, 'name'), description: text(body, 'description'), items }));
    if (result instanceof AppError) return collectionPage(request, reply, request.params.id, translateFields(request.t, result.fields), result.status);
    return redirectAfterPost(reply, collectionPath(request.params.id), 'backpack.collection.saved');
  });

  app.post<{ Params: { id: string } }>('/collections/:id/delete', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    await deleteCollection(deps, request.actor, request.params.id);
    return redirectAfterPost(reply, '/badges/mine#collections', 'backpack.collection.deleted');
  });

  app.post<{ Body: Record<string, unknown> }>('/people/me', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    await setProfile(deps, request.actor, { public: text(request.body ?? {}, 'public'), bio: text(request.body ?? {}, 'bio') });
    return redirectAfterPost(reply, '/badges/mine#profile', 'backpack.profile.saved');
  });

  app.get('/badges/mine/export', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const archive = await exportBackpack(deps, request.actor);
    return reply.header('content-type', 'application/zip').header('content-disposition', `attachment; filename="${archive.filename}"`).send(Buffer.from(archive.bytes));
  });

  app.get<{ Params: { id: string } }>('/people/:id', async (request, reply) =>
    sendPage(reply, <ProfilePage v={view(request, reply)} profile={await getPublicProfile(deps, request.params.id)} />),
  );

  app.post<{ Params: { id: string } }>('/backpack/imports/:id/remove', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    await removeImported(deps, request.actor, request.params.id);
    return redirectAfterPost(reply, MINE, 'backpack.import.removed');
  });
}
