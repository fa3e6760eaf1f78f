// Use cases of the platform administration: the overview, the outbox, the job queue.
// Platform administrators only (users.is_admin); each function checks it on its first line.
import { requireActor } from '../api/registry';
import { fail } from '../errors';
import { type Job, type JobStatus, jobRowToJob } from '../jobs/jobs';
import { countJobsByStatus, findJobById, listJobs, requeueFailedJob } from '../jobs/jobs.repository';
import { type MailDetail, type MailSummary, mailRowToDetail, mailRowToSummary } from '../mail/mail';
import { countMails, findMailById, listMails } from '../mail/mail.repository';
import { type MailMode, mailMode } from '../mail/transport';
import type { Actor, Deps } from '../platform/deps';
import { countUsersAndOrganizations } from './admin.repository';

export function requireAdmin(actor: Actor | null): Actor {
  const signedIn = requireActor(actor);
  if (!signedIn.isAdmin) throw fail.forbidden('admin.forbidden');
  return signedIn;
}

export interface PageRequest {
  limit: number;
  offset: number;
}

export interface Page<T> extends PageRequest {
  items: T[];
  total: number;
}

export interface Overview {
  users: number;
  organizations: number;
  jobs: Record<JobStatus, number>;
  mails: number;
  mailMode: MailMode;
}

/** Internal ids are bigint: anything else names nothing. */
function isId(id: string): boolean {
  return /^[1-9][0-9]{0,17}$/.test(id);
}

export async function getOverview(deps: Deps, actor: Actor | null): Promise<Overview> {
  requireAdmin(actor);
  const [counts, jobs, mails] = await Promise.all([
    countUsersAndOrganizations(deps.db),
    countJobsByStatus(deps.db),
    countMails(deps.db),
  ]);
  return { ...counts, jobs, mails, mailMode: mailMode(deps.config) };
}

/** Every mail the platform produced, newest first. */
export async function listOutbox(deps: Deps, actor: Actor | null, page: PageRequest): Promise<Page<MailSummary>> {
  requireAdmin(actor);
  const [rows, total] = await Promise.all([listMails(deps.db, page), countMails(deps.db)]);
  return { items: rows.map(mailRowToSummary), total, ...page };
}

export async function getMail(deps: Deps, actor: Actor | null, id: string): Promise<MailDetail> {
  requireAdmin(actor);
  const row = isId(id) ? await findMailById(deps.db, id) : undefined;
  if (!row) throw fail.notFound('admin.mail.notFound');
  return mailRowToDetail(row);
}

/** Pending work and failures by default: every status but done. */
export const UNFINISHED: readonly JobStatus[] = ['failed', 'running', 'queued'];

export async function listQueue(
  deps: Deps,
  actor: Actor | null,
  filter: PageRequest & { statuses?: readonly JobStatus[] },
): Promise<Page<Job>> {
  requireAdmin(actor);
  const { rows, total } = await listJobs(deps.db, { statuses: filter.statuses ?? UNFINISHED, limit: filter.limit, offset: filter.offset });
  return { items: rows.map(jobRowToJob), total, limit: filter.limit, offset: filter.offset };
}

/** Puts a failed job back in the queue, its attempts reset; it runs at the next poll. */
export async function retryJob(deps: Deps, actor: Actor | null, id: string): Promise<Job> {
  const admin = requireAdmin(actor);
  if (!isId(id)) throw fail.notFound('admin.jobs.notFound');
  const requeued = await requeueFailedJob(deps.db, id, deps.clock.now());
  if (requeued) {
    deps.log.info({ job: id, jobName: requeued.name, admin: admin.publicId }, 'failed job queued again by an administrator');
    return jobRowToJob(requeued);
  }
  if (!(await findJobById(deps.db, id))) throw fail.notFound('admin.jobs.notFound');
  throw fail.conflict('admin.jobs.notFailed');
}
