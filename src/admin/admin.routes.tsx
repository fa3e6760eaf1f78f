// Pages of the platform administration (platform administrators only; the services check it):
// overview, the outbox of mails, one mail, the job queue with retry of failed jobs.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { redirectAfterPost, view } from '../web/http';
import { sendPage } from '../web/render';
import { getMail, getOverview, listOutbox, listQueue, retryJob } from './admin.service';
import { PAGE_SIZE } from './pages/common';
import { JobsPage } from './pages/jobs';
import { MailListPage, MailPage } from './pages/mails';
import { OverviewPage } from './pages/overview';

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).default(1) });
const JOBS_SHOWN = 100;

/**
 * The mail page shows HTML written from mail templates in a sandboxed frame; this policy (which
 * the frame inherits) is a second lock: no script at all, no plugin, no remote image or style.
 */
const MAIL_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
].join('; ');

export function registerAdminRoutes(app: FastifyInstance, deps: Deps): void {
  app.get('/admin', async (request, reply) => {
    const overview = await getOverview(deps, request.actor);
    return sendPage(reply, <OverviewPage v={view(request, reply)} overview={overview} />);
  });

  app.get('/admin/mails', async (request, reply) => {
    const { page } = parseInput(pageQuery, request.query);
    const result = await listOutbox(deps, request.actor, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return sendPage(reply, <MailListPage v={view(request, reply)} items={result.items} total={result.total} page={page} />);
  });

  app.get<{ Params: { id: string } }>('/admin/mails/:id', async (request, reply) => {
    const mail = await getMail(deps, request.actor, request.params.id);
    reply.header('content-security-policy', MAIL_PAGE_CSP);
    return sendPage(reply, <MailPage v={view(request, reply)} mail={mail} />);
  });

  app.get('/admin/jobs', async (request, reply) => {
    const failed = await listQueue(deps, request.actor, { statuses: ['failed'], limit: JOBS_SHOWN, offset: 0 });
    const pending = await listQueue(deps, request.actor, { statuses: ['running', 'queued'], limit: JOBS_SHOWN, offset: 0 });
    return sendPage(reply, <JobsPage v={view(request, reply)} failed={failed} pending={pending} />);
  });

  app.post<{ Params: { id: string } }>('/admin/jobs/:id/retry', async (request, reply) => {
    await retryJob(deps, request.actor, request.params.id);
    return redirectAfterPost(reply, '/admin/jobs', 'admin.jobs.retried');
  });
}
