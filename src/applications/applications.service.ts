// Use cases of the applicant: apply for a badge (draft, evidence files, submit, withdraw) and follow
// the application. Who may see an application: access.service.ts.
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import { networkOfParticipantBadge } from '../networks/networks.repository';
import { isCurrentCredential } from '../awards/awards.repository';
import { emailSchema } from '../accounts/accounts';
import { verifiedEmails } from '../accounts/accounts.repository';
import { type Badge, isAwardable } from '../badges/badges';
import { getAchievementDocument, getBadge } from '../badges/badges.service';
import { badgeLevels, matchLevel } from '../awards/awards';
import { enqueue } from '../jobs/queue';
import { can } from '../organizations/organizations';
import { getOrganization, organizationsWhereActorMay } from '../organizations/organizations.service';
import { fail } from '../errors';
import type { Actor, Deps } from '../platform/deps';
import { publicId as newPublicId } from '../platform/tokens';
import { parseInput } from '../platform/validate';
import { type Application, badgeOfRow, toApplication } from './access.service';
import { renewalLevel } from './applications';
import {
  type ApplicationStatus,
  type FileRefusal,
  MAX_LINKS,
  applicantMay,
  normalizeCriteria,
  refuseFiles,
  reviewPolicyOf,
} from './applications';
import {
  type ApplicationRow,
  countFiles,
  deleteFile,
  findApplicationByPublicId,
  findOpenApplication,
  insertApplication,
  insertFile,
  listApplicationsOfApplicant,
  markSubmitted,
  markWithdrawn,
  updateDraft,
} from './applications.repository';

export const FANOUT_JOB = 'applications.fanout';

// ——— Input ———

const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.domain, message: 'applications.link.invalid' }).max(2000);

/** Links as a list, or as text with one per line (the form's textarea). */
const linksSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : v),
  z.array(httpUrl).max(MAX_LINKS, 'applications.link.tooMany'),
);

const intList = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.coerce.number().int().min(0).max(1000)).max(100),
);

const flag = z.preprocess((v) => v === true || v === 'true' || v === '1' || v === 'on', z.boolean());

export const applicationInputSchema = z.object({
  narrative: z.string().trim().max(20_000).default(''),
  links: linksSchema.optional(),
  level: z.string().trim().max(200).optional(),
  /** Indices of the badge's checklist items the applicant says are met. */
  checklist: intList.optional(),
  /** Slug of an organisation the applicant manages, applying on its behalf. */
  organization: z.string().trim().max(60).optional(),
  /** Which of the applicant's verified addresses receives the badge (the primary one by default). */
  email: z.union([emailSchema, z.literal('')]).optional(),
  submit: flag.optional(),
  /** A renewal: the id of the credential of this badge it renews (one the applicant holds). */
  renews: z.string().trim().max(60).optional(),
});
export type ApplicationInput = z.input<typeof applicationInputSchema>;

export interface UploadedEvidence {
  filename: string;
  /** The type the browser or client declared; the content's own signature wins when it has one. */
  declaredType: string;
  bytes: Buffer;
}

// ——— The applicant's use cases ———

/** The published badge one applies for, with how it is decided. */
export async function badgeToApplyFor(deps: Deps, actor: Actor | null, badgePublicId: string): Promise<Badge> {
  const badge = await getBadge(deps, actor, badgePublicId);
  if (!isAwardable(badge)) throw fail.conflict('applications.badgeNotOpen');
  return badge;
}

/** Organisations the actor may apply for (those they manage). */
export async function organizationsToApplyFor(deps: Deps, actor: Actor): Promise<{ slug: string; name: string }[]> {
  return organizationsWhereActorMay(deps, actor, 'org.members');
}

export interface Renewable {
  id: string;
  level: string | null;
  validFrom: Date;
  validUntil: Date | null;
}

/** The actor's credentials of this badge that a renewal may renew (theirs or their organisations', neither revoked nor declined), latest first. */
export async function myRenewableCredentials(deps: Deps, actor: Actor, badge: Badge): Promise<Renewable[]> {
  const [emails, organizations] = await Promise.all([verifiedEmails(deps.db, actor.id), organizationsToApplyFor(deps, actor)]);
  const slugs = organizations.map((o) => o.slug);
  const rows = await deps.db
    .selectFrom('credentials as c')
    .leftJoin('organizations as o', 'o.id', 'c.recipient_organization_id')
    .select(['c.public_id', 'c.level', 'c.valid_from', 'c.valid_until'])
    .where('c.badge_id', '=', badge.id)
    .where('c.revoked_at', 'is', null)
    .where('c.state', '<>', 'declined')
    .where((eb) => eb.or([...(emails.length ? [eb('c.recipient_email', 'in', emails)] : []), ...(slugs.length ? [eb('o.slug', 'in', slugs)] : []), eb.val(false)]))
    .orderBy('c.valid_from', 'desc')
    .limit(10)
    .execute();
  return rows.map((r) => ({ id: r.public_id, level: r.level, validFrom: r.valid_from, validUntil: r.valid_until }));
}

async function resolveApplicant(deps: Deps, actor: Actor, input: z.output<typeof applicationInputSchema>): Promise<{ organizationId: string | null; recipientEmail: string | null }> {
  if (input.organization) {
    const mine = await organizationsToApplyFor(deps, actor);
    if (!mine.some((o) => o.slug === input.organization)) throw fail.field('organization', 'applications.organization.notManaged');
    const org = await getOrganization(deps, input.organization);
    return { organizationId: org.id, recipientEmail: null };
  }
  const addresses = await verifiedEmails(deps.db, actor.id);
  if (addresses.length === 0) throw fail.field('email', 'applications.email.noneVerified');
  if (input.email && !addresses.includes(input.email)) throw fail.field('email', 'applications.email.notYours');
  return { organizationId: null, recipientEmail: input.email || addresses[0]! };
}

async function checkAgainstBadge(
  deps: Deps,
  badge: Badge,
  input: z.output<typeof applicationInputSchema>,
  renewed: { level: string | null } | null = null,
): Promise<{ level: string | null; checklist: number[] }> {
  const doc = await getAchievementDocument(deps, badge.publicId, { embedded: true });
  const levels = badgeLevels(doc);
  const level = matchLevel(levels, input.level)?.name ?? null;
  const checklist = normalizeCriteria(input.checklist ?? [], badge.settings.checklist?.items.length ?? 0);
  if (renewed) {
    const check = renewalLevel(
      levels.map((l) => l.name),
      renewed.level,
      level,
      badge.settings.renewal?.higherLevel === true,
    );
    if (check !== 'ok') throw fail.field('level', `applications.renewal.${check}`, { held: renewed.level ?? '—' });
  }
  return { level, checklist };
}

/** The credential a renewal renews: of this badge, held (not revoked nor declined) by the applicant or the organisation applying. */
async function renewedCredential(deps: Deps, actor: Actor, badge: Badge, who: { organizationId: string | null }, publicId: string) {
  const row = await deps.db
    .selectFrom('credentials')
    .select(['id', 'public_id', 'level', 'recipient_email', 'recipient_organization_id', 'valid_until'])
    .where('public_id', '=', publicId)
    .where('badge_id', '=', badge.id)
    .where('revoked_at', 'is', null)
    .where('state', '<>', 'declined')
    .executeTakeFirst();
  const mine = row && (who.organizationId ? row.recipient_organization_id === who.organizationId : (await verifiedEmails(deps.db, actor.id)).includes(row.recipient_email ?? ''));
  if (!row || !mine) throw fail.field('renews', 'applications.renewal.notYours');
  return row;
}

/** Sniffs each file's type from its content (the declared type only when the content has no signature). */
async function inspectFiles(files: readonly UploadedEvidence[]): Promise<{ file: UploadedEvidence; mediaType: string }[]> {
  return Promise.all(
    files.map(async (file) => {
      const sniffed = await fileTypeFromBuffer(file.bytes).catch(() => undefined);
      const declared = file.declaredType.toLowerCase().split(';')[0]!.trim();
      // Text formats have no signature: trust the declaration only for them.
      const textual = /^text\/(plain|csv|markdown)$/.test(declared) ? declared : 'application/octet-stream';
      return { file, mediaType: sniffed?.mime ?? textual };
    }),
  );
}

function filesRefused(refusals: FileRefusal[]): never {
  const first = refusals[0]!;
  const params: Record<string, string | number> = { file: first.file };
  if (first.reason === 'type') params.allowed = first.allowed.join(', ');
  if (first.reason === 'size') params.max = `${Math.floor(first.maxBytes / 1024)} Kio`;
  if (first.reason === 'count') params.max = first.maxCount;
  throw fail.field('files', `applications.file.${first.reason}`, params);
}

async function attachFiles(deps: Deps, trx: Deps['db'], badge: Badge, applicationId: string, existing: number, files: readonly UploadedEvidence[], now: Date): Promise<void> {
  const inspected = await inspectFiles(files.filter((f) => f.bytes.length > 0));
  const refusals = refuseFiles(badge.settings.evidence, existing, inspected.map((i) => ({ filename: i.file.filename, mediaType: i.mediaType, size: i.file.bytes.length })));
  if (refusals.length > 0) filesRefused(refusals);
  for (const { file, mediaType } of inspected)
    await insertFile(trx, {
      publicId: newPublicId(),
      applicationId,
      filename: file.filename.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || 'file',
      mediaType,
      content: file.bytes,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      now,
    });
}

async function submitInTransaction(trx: Deps['db'], badge: Badge, row: ApplicationRow, now: Date): Promise<void> {
  if (!row.narrative.trim()) throw fail.field('narrative', 'applications.narrative.required');
  const policy = reviewPolicyOf(badge.settings);
  if (!(await markSubmitted(trx, row.id, policy, now))) throw fail.conflict('applications.notDraft');
  await enqueue(trx, FANOUT_JOB, { application: row.id }, { dedupeKey: `application-fanout:${row.id}` });
}

/**
 * Applies for a published badge: a draft, or submitted at once with `submit`. Files are checked
 * against the badge's evidence rules; a refused file refuses the whole request, which stores nothing.
 */
export async function createApplication(
  deps: Deps,
  actor: Actor | null,
  badgePublicId: string,
  input: unknown,
  files: readonly UploadedEvidence[] = [],
  options: {
    /** Stores what comes with the application (a network's mapping proposals) in its transaction, before it is submitted. */
    within?: (trx: Kysely<DB>, applicationId: string) => Promise<void>;
  } = {},
): Promise<{ id: string; status: ApplicationStatus }> {
  if (!actor) throw fail.unauthenticated();
  const badge = await badgeToApplyFor(deps, actor, badgePublicId);
  // A network's participant badge comes with mapping proposals: one applies on the network's page.
  if (!options.within && (await networkOfParticipantBadge(deps.db, badge.id))) throw fail.conflict('applications.throughNetwork');
  const data = parseInput(applicationInputSchema, input);
  const who = await resolveApplicant(deps, actor, data);
  const renewed = data.renews ? await renewedCredential(deps, actor, badge, who, data.renews) : null;
  const checked = await checkAgainstBadge(deps, badge, data, renewed);
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (await findOpenApplication(trx, badge.id, actor.id, who.organizationId)) throw fail.conflict('applications.alreadyOpen');
      // Holding the badge already: only a renewal makes sense.
      if (!renewed && !who.organizationId && who.recipientEmail && (await holdsBadge(trx, badge.id, who.recipientEmail, now)))
        throw fail.conflict('applications.alreadyHeld');
      const row = await insertApplication(trx, {
        publicId: newPublicId(),
        badgeId: badge.id,
        applicantId: actor.id,
        organizationId: who.organizationId,
        recipientEmail: who.recipientEmail,
        narrative: data.narrative,
        links: (data.links ?? []).map((url) => ({ url })),
        checklist: checked.checklist,
        level: checked.level,
        renews: renewed?.id ?? null,
        now,
      });
      await attachFiles(deps, trx, badge, row.id, 0, files, now);
      if (options.within) await options.within(trx, row.id);
      if (data.submit) await submitInTransaction(trx, badge, row, now);
      return { id: row.public_id, status: data.submit ? 'pending' : 'draft' };
    });
  } catch (error) {
    // Two requests at once: the unique index on open applications answers for the second.
    if ((error as { code?: string }).code === '23505') throw fail.conflict('applications.alreadyOpen');
    throw error;
  }
}

async function holdsBadge(db: Deps['db'], badgeId: string, email: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('credentials as c')
    .select('c.id')
    .where('c.badge_id', '=', badgeId)
    .where('c.recipient_email', '=', email)
    .where(isCurrentCredential('c', now))
    .executeTakeFirst();
  return row !== undefined;
}

async function ownApplication(deps: Deps, actor: Actor | null, publicId: string): Promise<{ actor: Actor; row: ApplicationRow; badge: Badge }> {
  if (!actor) throw fail.unauthenticated();
  const row = await findApplicationByPublicId(deps.db, publicId);
  if (!row || row.applicant_id !== actor.id) throw fail.notFound('applications.notFound');
  return { actor, row, badge: await badgeOfRow(deps, row) };
}

/** Edits a draft (and adds files); submits it with `submit`. */
export async function updateApplication(
  deps: Deps,
  actor: Actor | null,
  publicId: string,
  input: unknown,
  files: readonly UploadedEvidence[] = [],
): Promise<{ id: string; status: ApplicationStatus }> {
  const own = await ownApplication(deps, actor, publicId);
  if (!applicantMay(own.row.status, 'edit')) throw fail.conflict('applications.notDraft');
  const data = parseInput(applicationInputSchema, input);
  // An application for an organisation has no address of its own; a person's may change.
  const recipientEmail = own.row.organization_id ? null : (await resolveApplicant(deps, own.actor, { ...data, organization: undefined })).recipientEmail;
  const checked = await checkAgainstBadge(deps, own.badge, data);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await updateDraft(trx, own.row.id, {
      narrative: data.narrative,
      links: (data.links ?? []).map((url) => ({ url })),
      checklist: checked.checklist,
      level: checked.level,
      recipientEmail,
      now,
    });
    await attachFiles(deps, trx, own.badge, own.row.id, await countFiles(trx, own.row.id), files, now);
    if (data.submit) {
      if (own.badge.status !== 'published') throw fail.conflict('applications.badgeNotOpen');
      await submitInTransaction(trx, own.badge, { ...own.row, narrative: data.narrative }, now);
    }
    return { id: own.row.public_id, status: data.submit ? 'pending' : 'draft' };
  });
}

export async function submitApplication(deps: Deps, actor: Actor | null, publicId: string): Promise<{ id: string; status: ApplicationStatus }> {
  const own = await ownApplication(deps, actor, publicId);
  if (!applicantMay(own.row.status, 'submit')) throw fail.conflict('applications.notDraft');
  if (own.badge.status !== 'published') throw fail.conflict('applications.badgeNotOpen');
  await deps.db.transaction().execute((trx) => submitInTransaction(trx, own.badge, own.row, deps.clock.now()));
  return { id: own.row.public_id, status: 'pending' };
}

export async function withdrawApplication(deps: Deps, actor: Actor | null, publicId: string): Promise<{ id: string; status: ApplicationStatus }> {
  const own = await ownApplication(deps, actor, publicId);
  if (!applicantMay(own.row.status, 'withdraw')) throw fail.conflict('applications.notOpen');
  // A decision taken meanwhile wins: the update only applies to a draft or pending application.
  if (!(await markWithdrawn(deps.db, own.row.id, deps.clock.now()))) throw fail.conflict('applications.notOpen');
  return { id: own.row.public_id, status: 'withdrawn' };
}

export async function removeEvidenceFile(deps: Deps, actor: Actor | null, publicId: string, fileId: string): Promise<void> {
  const own = await ownApplication(deps, actor, publicId);
  if (!applicantMay(own.row.status, 'edit')) throw fail.conflict('applications.notDraft');
  if (!(await deleteFile(deps.db, own.row.id, fileId))) throw fail.notFound('applications.file.notFound');
}

export const MY_APPLICATIONS_PAGE = 50;

export async function listMyApplications(deps: Deps, actor: Actor | null, page = { limit: MY_APPLICATIONS_PAGE, offset: 0 }): Promise<Application[]> {
  if (!actor) throw fail.unauthenticated();
  const rows = await listApplicationsOfApplicant(deps.db, actor.id, page);
  return Promise.all(rows.map(async (row) => toApplication(deps, row, await badgeOfRow(deps, row), actor.locale)));
}

/** The actor's open application for the badge, if any (the badge page links to it). */
export async function myOpenApplication(deps: Deps, actor: Actor | null, badge: Pick<Badge, 'id'>): Promise<{ id: string; status: ApplicationStatus } | null> {
  if (!actor) return null;
  const row = await findOpenApplication(deps.db, badge.id, actor.id, null);
  return row ? { id: row.public_id, status: row.status } : null;
}

/** The actor's verified addresses (the application form offers them). */
export async function myVerifiedAddresses(deps: Deps, actor: Actor): Promise<string[]> {
  return verifiedEmails(deps.db, actor.id);
}
