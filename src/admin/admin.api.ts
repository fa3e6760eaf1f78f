// JSON API of the platform administration (/api/v1/admin/…), for platform administrators.
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import { JOB_STATUSES, type Job } from '../jobs/jobs';
import type { MailDetail, MailSummary } from '../mail/mail';
import { getMail, getOverview, listOutbox, listQueue, retryJob } from './admin.service';

const paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
};
const pageQuery = z.object(paging);
const jobsQuery = z.object({ ...paging, status: z.enum(JOB_STATUSES).optional() });

const mailSummarySchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  transport: z.enum(['smtp', 'outbox']),
  messageId: z.string(),
  createdAt: z.string().describe('ISO 8601 date and time'),
});
const mailSchema = mailSummarySchema.extend({ jobId: z.string().nullable(), text: z.string(), html: z.string() });
const jobSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(JOB_STATUSES),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
const paged = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
const overviewSchema = z.object({
  users: z.number().int(),
  organizations: z.number().int(),
  mails: z.number().int(),
  jobs: z.object({ queued: z.number().int(), running: z.number().int(), done: z.number().int(), failed: z.number().int() }),
  mailMode: z.object({ kind: z.enum(['smtp', 'outbox']), server: z.string().optional() }),
});

function mailSummaryJson(m: MailSummary) {
  return { id: m.id, to: m.to, subject: m.subject, transport: m.transport, messageId: m.messageId, createdAt: m.createdAt.toISOString() };
}

function mailJson(m: MailDetail) {
  return { ...mailSummaryJson(m), jobId: m.jobId, text: m.text, html: m.html };
}

function jobJson(j: Job) {
  return {
    id: j.id,
    name: j.name,
    status: j.status,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    runAt: j.runAt.toISOString(),
    lastError: j.lastError,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

const forbidden = { 403: { description: 'Not a platform administrator' } };

export const adminApiRoutes: ApiRoute[] = [
  apiRoute({
    method: 'GET',
    path: '/admin/overview',
    summary: 'Counts of accounts, organisations, mails and jobs; how mail is delivered',
    tag: 'admin',
    auth: 'required',
    responses: { 200: { description: 'The overview', schema: overviewSchema }, ...forbidden },
    handler: async ({ deps, actor }) => ({ body: await getOverview(deps, actor) }),
  }),
  apiRoute<unknown, z.output<typeof pageQuery>>({
    method: 'GET',
    path: '/admin/mails',
    summary: 'Every mail the platform produced (the outbox), newest first',
    tag: 'admin',
    auth: 'required',
    query: pageQuery,
    responses: { 200: { description: 'A page of mails', schema: paged(mailSummarySchema) }, ...forbidden },
    handler: async ({ deps, actor, query }) => {
      const page = await listOutbox(deps, actor, query);
      return { body: { ...page, items: page.items.map(mailSummaryJson) } };
    },
  }),
  apiRoute({
    method: 'GET',
    path: '/admin/mails/:id',
    summary: 'One mail, with its text and HTML bodies',
    tag: 'admin',
    auth: 'required',
    responses: { 200: { description: 'The mail', schema: mailSchema }, ...forbidden, 404: { description: 'No such mail' } },
    handler: async ({ deps, actor, params }) => ({ body: mailJson(await getMail(deps, actor, params.id ?? '')) }),
  }),
  apiRoute<unknown, z.output<typeof jobsQuery>>({
    method: 'GET',
    path: '/admin/jobs',
    summary: 'Jobs of the queue: by status, or by default every job not done (failed first)',
    tag: 'admin',
    auth: 'required',
    query: jobsQuery,
    responses: { 200: { description: 'A page of jobs', schema: paged(jobSchema) }, ...forbidden },
    handler: async ({ deps, actor, query }) => {
      const { status, ...page } = query;
      const result = await listQueue(deps, actor, { ...page, ...(status ? { statuses: [status] } : {}) });
      return { body: { ...result, items: result.items.map(jobJson) } };
    },
  }),
  apiRoute({
    method: 'POST',
    path: '/admin/jobs/:id/retry',
    summary: 'Puts a failed job back in the queue, its attempts reset',
    tag: 'admin',
    auth: 'required',
    responses: {
      200: { description: 'The job, queued again', schema: jobSchema },
      ...forbidden,
      404: { description: 'No such job' },
      409: { description: 'The job is not failed' },
    },
    handler: async ({ deps, actor, params }) => ({ body: jobJson(await retryJob(deps, actor, params.id ?? '')) }),
  }),
];
