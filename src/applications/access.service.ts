// Who may see an application, and what: its applicant, its examiners (those of the pool now, or
// who have voted) and the issuer's staff; nobody else learns it exists. The domain shape of an
// application, and its private evidence files.
import type { Badge } from '../badges/badges';
import { badgeRowToBadge } from '../badges/badges';
import { findBadgeByPublicId } from '../badges/badges.repository';
import { getAchievementDocument } from '../badges/badges.service';
import { fail } from '../errors';
import { translator } from '../i18n';
import { can } from '../organizations/organizations';
import { getOrganization, rolesOf } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';
import type { ApplicationStatus } from './applications';
import { type ApplicationRow, findApplicationByPublicId, findFile, listFiles, listVerdicts } from './applications.repository';
import { hasVoted, isExaminer } from './examiners.repository';

// ——— Domain shape ———

export interface EvidenceFile {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
}

export interface Application {
  id: string;
  status: ApplicationStatus;
  badge: { id: string; name: string; organizationSlug: string; organizationName: string };
  applicant: { id: string; name: string };
  organization: { slug: string; name: string } | null;
  recipientEmail: string | null;
  narrative: string;
  links: string[];
  checklist: number[];
  level: string | null;
  reviewMode: string | null;
  quorum: number | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  withdrawnAt: Date | null;
  credentialId: string | null;
  /** A renewal: the credential it renews, with its level and dates. */
  renews: { id: string; level: string | null; validFrom: Date; validUntil: Date | null } | null;
  createdAt: Date;
  files: EvidenceFile[];
}

export interface VerdictView {
  verdict: 'yes' | 'no';
  comment: string;
  criteriaMet: number[];
  at: Date;
  /**
   * Shown to the issuer's staff and to fellow examiners, never to the applicant. A former member
   * (who deleted their account; the verdict stays, its comment cleared) has no id and the name
   * "Ancien membre" / "Former member".
   */
  examiner?: { id: string | null; name: string };
  mine: boolean;
}

/** How the actor relates to an application: what they may see and do. */
export type Viewer = 'applicant' | 'staff' | 'examiner';

export interface ApplicationView {
  application: Application;
  badge: Badge;
  viewer: Viewer[];
  verdicts: VerdictView[];
  verdictCount: number;
  /** Whether the actor may vote now. */
  mayVote: boolean;
  hasVoted: boolean;
}

export async function toApplication(deps: Deps, row: ApplicationRow, badge: Badge, locale: 'fr' | 'en'): Promise<Application> {
  const [applicant, organization, credential, files, renewed] = await Promise.all([
    deps.db.selectFrom('users').select(['public_id', 'display_name']).where('id', '=', row.applicant_id).executeTakeFirstOrThrow(),
    row.organization_id
      ? deps.db.selectFrom('organizations').select(['slug', 'name']).where('id', '=', row.organization_id).executeTakeFirst()
      : Promise.resolve(undefined),
    row.credential_id
      ? deps.db.selectFrom('credentials').select('public_id').where('id', '=', row.credential_id).executeTakeFirst()
      : Promise.resolve(undefined),
    listFiles(deps.db, row.id),
    row.renews_credential_id
      ? deps.db.selectFrom('credentials').select(['public_id', 'level', 'valid_from', 'valid_until']).where('id', '=', row.renews_credential_id).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const doc = await getAchievementDocument(deps, badge.publicId, { language: locale });
  return {
    id: row.public_id,
    status: row.status,
    badge: { id: badge.publicId, name: doc.name, organizationSlug: badge.organizationSlug, organizationName: badge.organizationName },
    applicant: { id: applicant.public_id, name: applicant.display_name },
    organization: organization ? { slug: organization.slug, name: organization.name } : null,
    recipientEmail: row.recipient_email,
    narrative: row.narrative,
    links: (row.links as { url: string }[]).map((l) => l.url),
    checklist: row.checklist,
    level: row.level,
    reviewMode: row.review_mode,
    quorum: row.quorum,
    submittedAt: row.submitted_at,
    decidedAt: row.decided_at,
    withdrawnAt: row.withdrawn_at,
    credentialId: credential?.public_id ?? null,
    renews: renewed ? { id: renewed.public_id, level: renewed.level, validFrom: renewed.valid_from, validUntil: renewed.valid_until } : null,
    createdAt: row.created_at,
    files: files.map((f) => ({ id: f.public_id, filename: f.filename, mediaType: f.media_type, size: f.size })),
  };
}

export async function badgeOfRow(deps: Deps, row: ApplicationRow): Promise<Badge> {
  const b = await deps.db.selectFrom('badges').select('public_id').where('id', '=', row.badge_id).executeTakeFirstOrThrow();
  // Access was checked on the application: the badge is read whatever its status.
  const badge = await findBadgeByPublicId(deps.db, b.public_id);
  if (!badge) throw fail.notFound('badges.notFound');
  return badgeRowToBadge(badge);
}

// ——— Access ———

/** Whether the actor is staff of the badge's organisation for reviews (reviewers, admins, owners, issuers). */
export async function isStaffOf(deps: Deps, actor: Actor, badge: Pick<Badge, 'organizationSlug'>): Promise<boolean> {
  const roles = await rolesOf(deps, actor, await getOrganization(deps, badge.organizationSlug));
  return can(roles, 'application.review', actor) || can(roles, 'badge.issue', actor);
}

async function viewersOf(deps: Deps, actor: Actor, row: ApplicationRow, badge: Badge): Promise<{ viewer: Viewer[]; examiner: boolean; hasVoted: boolean }> {
  const viewer: Viewer[] = [];
  if (row.applicant_id === actor.id) viewer.push('applicant');
  if (await isStaffOf(deps, actor, badge)) viewer.push('staff');
  const examiner = row.status !== 'draft' && (await isExaminer(deps.db, row.id, actor.id, deps.clock.now()));
  const voted = await hasVoted(deps.db, row.id, actor.id);
  if (examiner || voted) viewer.push('examiner');
  return { viewer, examiner, hasVoted: voted };
}

/** The application, for its applicant, its examiners and the issuer's staff; not found for anyone else. */
export async function viewApplication(deps: Deps, actor: Actor | null, publicId: string): Promise<ApplicationView> {
  if (!actor) throw fail.unauthenticated();
  const row = await findApplicationByPublicId(deps.db, publicId);
  if (!row) throw fail.notFound('applications.notFound');
  const badge = await badgeOfRow(deps, row);
  const { viewer, examiner, hasVoted } = await viewersOf(deps, actor, row, badge);
  // A draft is the applicant's alone; nobody else learns that it exists.
  if (viewer.length === 0 || (row.status === 'draft' && !viewer.includes('applicant'))) throw fail.notFound('applications.notFound');
  const decided = row.status === 'accepted' || row.status === 'refused';
  const seesAll = viewer.includes('staff') || (viewer.includes('examiner') && (hasVoted || decided));
  const seesComments = seesAll || (viewer.includes('applicant') && decided);
  const rows = await listVerdicts(deps.db, row.id);
  const former = translator(actor.locale)('applications.verdict.formerMember');
  return {
    application: await toApplication(deps, row, badge, actor.locale),
    badge,
    viewer,
    verdicts: seesComments
      ? rows.map((v) => ({
          verdict: v.verdict,
          comment: v.comment,
          criteriaMet: v.criteria_met,
          at: v.created_at,
          mine: v.examiner_id === actor.id,
          ...(seesAll ? { examiner: { id: v.examiner_public_id, name: v.examiner_name ?? former } } : {}),
        }))
      : rows.filter((v) => v.examiner_id === actor.id).map((v) => ({ verdict: v.verdict, comment: v.comment, criteriaMet: v.criteria_met, at: v.created_at, mine: true })),
    verdictCount: rows.length,
    mayVote: row.status === 'pending' && examiner && !hasVoted,
    hasVoted,
  };
}

/** An evidence file, for the applicant, the application's examiners and the issuer's staff only. */
export async function getEvidenceFile(deps: Deps, actor: Actor | null, applicationId: string, fileId: string): Promise<{ filename: string; mediaType: string; content: Buffer }> {
  const view = await viewApplication(deps, actor, applicationId);
  const row = await findApplicationByPublicId(deps.db, view.application.id);
  const file = row && (await findFile(deps.db, row.id, fileId));
  if (!file) throw fail.notFound('applications.file.notFound');
  return { filename: file.filename, mediaType: file.media_type, content: file.content };
}
