// JSON API of applications and reviews: apply (JSON, or multipart with evidence files), follow,
// edit, submit and withdraw an application; list what I may examine; vote.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { credentialUrl } from '../awards/awards';
import { type ApiRoute, apiRoute } from '../api/registry';
import type { Deps } from '../platform/deps';
import { type Application, type ApplicationView, viewApplication } from './access.service';
import { type UploadedEvidence, createApplication, listMyApplications, submitApplication, updateApplication, withdrawApplication } from './applications.service';
import { evidenceFilePath } from './applications';
import { readApplicationUpload } from './upload';
import { castVerdict, listMyReviews, setReviewDigest } from './reviews.service';

const TAG = 'applications';

const statusEnum = z.enum(['draft', 'pending', 'accepted', 'refused', 'withdrawn']);

const verdictSchema = z.object({
  verdict: z.enum(['yes', 'no']),
  comment: z.string(),
  criteriaMet: z.array(z.number()),
  at: z.string(),
  examiner: z
    .object({ id: z.string().nullable().describe('null for a former member (who deleted their account)'), name: z.string().describe('“Former member” (in the reader’s language) for a former member') })
    .optional()
    .describe('Shown to the issuer’s staff and to examiners who have voted'),
});

const applicationSchema = z.object({
  id: z.string(),
  status: statusEnum,
  badge: z.object({ id: z.string(), name: z.string(), organization: z.string() }),
  applicant: z.object({ id: z.string(), name: z.string() }),
  organization: z.string().nullable().describe('Slug of the organisation applied for, if any'),
  narrative: z.string(),
  links: z.array(z.string()),
  checklist: z.array(z.number()).describe('Indices of the badge’s checklist items the applicant says are met'),
  level: z.string().nullable(),
  review: z.object({ mode: z.string(), quorum: z.number() }).nullable(),
  files: z.array(z.object({ id: z.string(), filename: z.string(), mediaType: z.string(), size: z.number(), url: z.string() })),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  credentialId: z.string().optional(),
  renews: z.string().optional().describe('A renewal: the URL of the credential it renews'),
  verdicts: z.array(verdictSchema).describe('In order of arrival; the applicant sees them once the application is decided'),
  verdictCount: z.number(),
  mayVote: z.boolean(),
});

const applyBody = z.object({
  narrative: z.string().optional(),
  links: z.array(z.string()).optional(),
  level: z.string().optional().describe('Name or code of one of the badge’s levels'),
  checklist: z.array(z.number()).optional(),
  organization: z.string().optional().describe('Apply on behalf of this organisation (you manage it)'),
  email: z.string().optional().describe('Which of your verified addresses receives the badge'),
  submit: z.boolean().optional().describe('Send it for review now (otherwise a draft)'),
  renews: z.string().optional().describe('A renewal: the id of your credential of this badge that it renews (may demand a higher level)'),
});

function summary(deps: Deps, a: Application) {
  return {
    id: a.id,
    status: a.status,
    badge: { id: a.badge.id, name: a.badge.name, organization: a.badge.organizationSlug },
    applicant: a.applicant,
    organization: a.organization?.slug ?? null,
    narrative: a.narrative,
    links: a.links,
    checklist: a.checklist,
    level: a.level,
    review: a.reviewMode && a.quorum ? { mode: a.reviewMode, quorum: a.quorum } : null,
    files: a.files.map((f) => ({ ...f, url: `${deps.config.baseUrl}${evidenceFilePath(a.id, f.id)}` })),
    submittedAt: a.submittedAt?.toISOString() ?? null,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    ...(a.credentialId ? { credentialId: a.credentialId } : {}),
    ...(a.renews ? { renews: credentialUrl(deps.config.baseUrl, a.renews.id) } : {}),
  };
}

function toView(deps: Deps, v: ApplicationView): z.infer<typeof applicationSchema> {
  return {
    ...summary(deps, v.application),
    verdicts: v.verdicts.map((x) => ({
      verdict: x.verdict,
      comment: x.comment,
      criteriaMet: x.criteriaMet,
      at: x.at.toISOString(),
      ...(x.examiner ? { examiner: x.examiner } : {}),
    })),
    verdictCount: v.verdictCount,
    mayVote: v.mayVote,
  };
}

/** JSON body, or multipart: fields plus evidence files in the `files` field. */
async function readApplicationRequest(deps: Deps, request: FastifyRequest): Promise<{ input: unknown; files: UploadedEvidence[] }> {
  if (!request.isMultipart()) return { input: request.body ?? {}, files: [] };
  const upload = await readApplicationUpload(deps, request);
  if (upload.tooLarge) throw upload.tooLarge;
  return { input: upload.fields, files: upload.files };
}

const created = z.object({ id: z.string(), status: statusEnum });
const page = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) });

export const applicationApiRoutes: ApiRoute[] = [
  apiRoute({
    method: 'POST',
    path: '/badges/:id/applications',
    summary: 'Apply for a published badge: a draft, or sent for review with "submit": true. JSON, or multipart with evidence files in the field `files` (checked against the badge’s evidence rules; a refused file stores nothing)',
    tag: TAG,
    auth: 'required',
    body: applyBody.optional() as z.ZodType<unknown>,
    rawBody: { contentType: 'multipart/form-data', description: 'The same fields, and evidence files in the field `files`' },
    responses: { 201: { description: 'Created', schema: created }, 409: { description: 'An application is open already, or you hold the badge' } },
    handler: async ({ deps, actor, params, request }) => {
      const { input, files } = await readApplicationRequest(deps, request);
      return { status: 201, body: await createApplication(deps, actor, params.id!, input, files) };
    },
  }),
  apiRoute({
    method: 'GET',
    path: '/applications/:id',
    summary: 'An application: status, files, verdicts in order of arrival (for its applicant once decided, its examiners and the issuer’s staff)',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'The application', schema: applicationSchema } },
    handler: async ({ deps, actor, params }) => ({ body: toView(deps, await viewApplication(deps, actor, params.id!)) }),
  }),
  apiRoute({
    method: 'PATCH',
    path: '/applications/:id',
    summary: 'Edit a draft (all fields given replace the old ones; files are added); "submit": true sends it',
    tag: TAG,
    auth: 'required',
    body: applyBody.optional() as z.ZodType<unknown>,
    rawBody: { contentType: 'multipart/form-data', description: 'The same fields, and evidence files to add in the field `files`' },
    responses: { 200: { description: 'Saved', schema: created } },
    handler: async ({ deps, actor, params, request }) => {
      const { input, files } = await readApplicationRequest(deps, request);
      return { body: await updateApplication(deps, actor, params.id!, input, files) };
    },
  }),
  apiRoute({
    method: 'POST',
    path: '/applications/:id/submit',
    summary: 'Send a draft for review',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'Sent', schema: created } },
    handler: async ({ deps, actor, params }) => ({ body: await submitApplication(deps, actor, params.id!) }),
  }),
  apiRoute({
    method: 'POST',
    path: '/applications/:id/withdraw',
    summary: 'Withdraw a draft or pending application',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'Withdrawn', schema: created } },
    handler: async ({ deps, actor, params }) => ({ body: await withdrawApplication(deps, actor, params.id!) }),
  }),
  apiRoute<unknown, z.infer<typeof page>>({
    method: 'GET',
    path: '/me/applications',
    summary: 'My applications, newest first',
    tag: TAG,
    auth: 'required',
    query: page,
    responses: { 200: { description: 'My applications', schema: z.object({ items: z.array(applicationSchema.omit({ verdicts: true, verdictCount: true, mayVote: true })) }) } },
    handler: async ({ deps, actor, query }) => ({ body: { items: (await listMyApplications(deps, actor, query)).map((a) => summary(deps, a)) } }),
  }),
  apiRoute<unknown, z.infer<typeof page>>({
    method: 'GET',
    path: '/reviews',
    summary: 'The applications I may examine now and have not voted on, oldest first',
    tag: TAG,
    auth: 'required',
    query: page,
    responses: {
      200: {
        description: 'Applications awaiting my verdict',
        schema: z.object({ items: z.array(applicationSchema.omit({ verdicts: true, verdictCount: true, mayVote: true })), total: z.number() }),
      },
    },
    handler: async ({ deps, actor, query }) => {
      const r = await listMyReviews(deps, actor, query);
      return { body: { items: r.items.map((i) => summary(deps, i.application)), total: r.total } };
    },
  }),
  apiRoute<{ digest: 'immediate' | 'daily' }>({
    method: 'PUT',
    path: '/me/review-digest',
    summary: 'How I hear of applications to examine: "immediate" (a mail for each) or "daily" (one digest a day of those still undecided)',
    tag: TAG,
    auth: 'required',
    body: z.object({ digest: z.enum(['immediate', 'daily']) }),
    responses: { 200: { description: 'Saved', schema: z.object({ digest: z.enum(['immediate', 'daily']) }) } },
    handler: async ({ deps, actor, body }) => ({ body: { digest: await setReviewDigest(deps, actor, body.digest) } }),
  }),
  apiRoute<{ verdict: 'yes' | 'no'; comment?: string; criteriaMet?: number[] }>({
    method: 'POST',
    path: '/applications/:id/verdicts',
    summary: 'Give my verdict on an application I examine; the first kind (yes or no) to reach the badge’s quorum decides it. 409 when decided already or already voted; 403 when I do not examine it',
    tag: TAG,
    auth: 'required',
    body: z.object({ verdict: z.enum(['yes', 'no']), comment: z.string().optional(), criteriaMet: z.array(z.number()).optional() }),
    responses: {
      201: {
        description: 'Counted',
        schema: z.object({ status: z.enum(['pending', 'accepted', 'refused']), decided: z.boolean(), credentialId: z.string().nullable() }),
      },
      403: { description: 'Not an examiner of this application' },
      409: { description: 'Decided already, withdrawn, or already voted' },
    },
    handler: async ({ deps, actor, params, body }) => ({ status: 201, body: await castVerdict(deps, actor, params.id!, body) }),
  }),
];
