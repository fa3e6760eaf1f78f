// Pages of applications and reviews: apply (a signed-out visitor signs in and comes back to the
// form), the application's page (draft editing, submit, withdraw, the verdict form), my
// applications, the applications I review and how I hear of them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { applicationProposals } from '../networks/networks.routes';
import { networkOfParticipantBadge } from '../networks/networks.repository';
import { type FormBody, list, text, tryForm } from '../organizations/forms';
import type { Deps } from '../platform/deps';
import { redirectAfterPost, signInRedirect, view } from '../web/http';
import type { FormFields } from '../web/multipart';
import { sendPage, translateFields } from '../web/render';
import { applicationPath } from './applications';
import {
  type UploadedEvidence,
  badgeToApplyFor,
  createApplication,
  listMyApplications,
  myOpenApplication,
  myVerifiedAddresses,
  myRenewableCredentials,
  organizationsToApplyFor,
  removeEvidenceFile,
  updateApplication,
  withdrawApplication,
} from './applications.service';
import { registerEvidenceFileRoutes } from './files.routes';
import { ApplicationPage, type VoteFormValues } from './pages/application';
import { type ApplyFormValues, ApplyPage } from './pages/apply';
import { MyApplicationsPage, ReviewsPage } from './pages/lists';
import { viewApplication } from './access.service';
import { readApplicationUpload } from './upload';
import { castVerdict, getReviewDigest, listMyReviews, setReviewDigest } from './reviews.service';

type IdParams = { Params: { id: string } };

function applyValues(fields: FormFields): ApplyFormValues {
  return {
    narrative: text(fields, 'narrative'),
    links: text(fields, 'links'),
    checklist: list(fields, 'checklist'),
    level: text(fields, 'level'),
    apply_as: text(fields, 'apply_as') || 'me',
    email: text(fields, 'email'),
    renews: text(fields, 'renews'),
  };
}

function applyInput(values: ApplyFormValues, submit: boolean): Record<string, unknown> {
  return {
    narrative: values.narrative,
    links: values.links ?? '',
    checklist: values.checklist,
    ...(values.level ? { level: values.level } : {}),
    ...(values.apply_as && values.apply_as !== 'me' ? { organization: values.apply_as } : {}),
    ...(values.email ? { email: values.email } : {}),
    ...(values.renews ? { renews: values.renews } : {}),
    submit,
  };
}

async function readApplyForm(deps: Deps, request: FastifyRequest): Promise<{ values: ApplyFormValues; submit: boolean; files: UploadedEvidence[]; tooLarge: AppError | null }> {
  const upload = await readApplicationUpload(deps, request);
  return { values: applyValues(upload.fields), submit: text(upload.fields, 'submit') === 'true', files: upload.files, tooLarge: upload.tooLarge };
}

/** A form's failure as field errors (validation) or one message (conflicts and refusals). */
function failure(request: FastifyRequest, error: AppError): { errors: Record<string, string>; message: string | undefined } {
  return {
    errors: translateFields(request.t, error.fields),
    message: error.code === 'validation' ? undefined : request.t(error.messageKey, error.params),
  };
}

async function applicationPage(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  extra: { draft?: { values: ApplyFormValues; errors?: Record<string, string> }; vote?: { values: VoteFormValues; errors?: Record<string, string> }; message?: string | undefined; status?: number } = {},
) {
  const shown = await viewApplication(deps, request.actor, id);
  const a = shown.application;
  const draftValues: ApplyFormValues = extra.draft?.values ?? {
    narrative: a.narrative,
    links: a.links.join('\n'),
    checklist: a.checklist.map(String),
    level: a.level ?? '',
    email: a.recipientEmail ?? '',
  };
  const v = view(request, reply);
  const page = (
    <ApplicationPage
      v={v}
      view={shown}
      {...(shown.viewer.includes('applicant') && a.status === 'draft'
        ? { draft: { values: draftValues, errors: extra.draft?.errors, addresses: await myVerifiedAddresses(deps, request.actor!) } }
        : {})}
      {...(shown.mayVote ? { vote: { values: extra.vote?.values ?? {}, errors: extra.vote?.errors } } : {})}
      message={extra.message}
      extra={await applicationProposals(deps, v, a.id)}
    />
  );
  return sendPage(reply, page, extra.status ?? 200);
}

export function registerApplicationRoutes(app: FastifyInstance, deps: Deps): void {
  registerEvidenceFileRoutes(app, deps);

  app.get<IdParams>('/badges/:id/apply', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const badge = await badgeToApplyFor(deps, request.actor, request.params.id);
    const open = await myOpenApplication(deps, request.actor, badge);
    if (open) return reply.redirect(applicationPath(open.id), 303);
    const network = await networkOfParticipantBadge(deps.db, badge.id);
    if (network) return reply.redirect(`/networks/${encodeURIComponent(network)}#join`, 303);
    const [organizations, addresses, renewable] = await Promise.all([
      organizationsToApplyFor(deps, request.actor),
      myVerifiedAddresses(deps, request.actor),
      myRenewableCredentials(deps, request.actor, badge),
    ]);
    return sendPage(reply, <ApplyPage v={view(request, reply)} badge={badge} organizations={organizations} addresses={addresses} renewable={renewable} />);
  });

  app.post<IdParams>('/badges/:id/apply', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const { id } = request.params;
    const form = await readApplyForm(deps, request);
    const result = form.tooLarge ?? await tryForm(() => createApplication(deps, request.actor, id, applyInput(form.values, form.submit), form.files));
    if (result instanceof AppError) {
      const badge = await badgeToApplyFor(deps, request.actor, id);
      const [organizations, addresses, renewable] = await Promise.all([
        organizationsToApplyFor(deps, request.actor),
        myVerifiedAddresses(deps, request.actor),
        myRenewableCredentials(deps, request.actor, badge),
      ]);
      const { errors, message } = failure(request, result);
      return sendPage(
        reply,
        <ApplyPage v={view(request, reply)} badge={badge} values={form.values} errors={errors} message={message} organizations={organizations} addresses={addresses} renewable={renewable} />,
        result.status,
      );
    }
    return redirectAfterPost(reply, applicationPath(result.id), result.status === 'pending' ? 'applications.flash.submitted' : 'applications.flash.draftSaved');
  });

  app.get<IdParams>('/applications/:id', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    return applicationPage(deps, request, reply, request.params.id);
  });

  app.post<IdParams>('/applications/:id/edit', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const { id } = request.params;
    const form = await readApplyForm(deps, request);
    const result = form.tooLarge ?? await tryForm(() => updateApplication(deps, request.actor, id, applyInput(form.values, form.submit), form.files));
    if (result instanceof AppError) {
      const { errors, message } = failure(request, result);
      return applicationPage(deps, request, reply, id, { draft: { values: form.values, errors }, message, status: result.status });
    }
    return redirectAfterPost(reply, applicationPath(id), result.status === 'pending' ? 'applications.flash.submitted' : 'applications.flash.draftSaved');
  });

  app.post<IdParams>('/applications/:id/withdraw', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const { id } = request.params;
    const result = await tryForm(() => withdrawApplication(deps, request.actor, id));
    if (result instanceof AppError) return applicationPage(deps, request, reply, id, { message: request.t(result.messageKey, result.params), status: result.status });
    return redirectAfterPost(reply, applicationPath(id), 'applications.flash.withdrawn');
  });

  app.post<{ Params: { id: string; fileId: string } }>('/applications/:id/files/:fileId/delete', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const { id, fileId } = request.params;
    const result = await tryForm(() => removeEvidenceFile(deps, request.actor, id, fileId));
    if (result instanceof AppError) return applicationPage(deps, request, reply, id, { message: request.t(result.messageKey, result.params), status: result.status });
    return redirectAfterPost(reply, applicationPath(id), 'applications.flash.fileRemoved');
  });

  app.post<IdParams & { Body: Record<string, unknown> }>('/applications/:id/verdicts', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const { id } = request.params;
    const body = (request.body ?? {}) as FormBody;
    const values: VoteFormValues = { verdict: text(body, 'verdict'), comment: text(body, 'comment'), criteriaMet: list(body, 'criteriaMet') };
    const result = await tryForm(() => castVerdict(deps, request.actor, id, { verdict: values.verdict, comment: values.comment, criteriaMet: values.criteriaMet }));
    if (result instanceof AppError) {
      const { errors, message } = failure(request, result);
      return applicationPage(deps, request, reply, id, { vote: { values, errors }, message, status: result.status });
    }
    return redirectAfterPost(reply, applicationPath(id), 'applications.flash.voted');
  });

  app.get('/applications', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    return sendPage(reply, <MyApplicationsPage v={view(request, reply)} items={await listMyApplications(deps, request.actor)} />);
  });

  app.get('/reviews', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const [reviews, digest] = await Promise.all([listMyReviews(deps, request.actor), getReviewDigest(deps, request.actor)]);
    const page = (
      <ReviewsPage
        v={view(request, reply)}
        items={reviews.items.map((i) => i.application)}
        total={reviews.total}
        awaitingOthers={reviews.awaitingOthers.map((i) => i.application)}
        digest={digest}
      />
    );
    return sendPage(reply, page);
  });

  app.post<{ Body: Record<string, unknown> }>('/reviews/digest', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    await setReviewDigest(deps, request.actor, (request.body ?? {}).digest);
    return redirectAfterPost(reply, '/reviews', 'applications.digest.saved');
  });
}
