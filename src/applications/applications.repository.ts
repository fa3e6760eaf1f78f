// All SQL of applications, evidence files, verdicts and the examiner pool.
//
// The examiner pool is one SQL condition, `mayExamine(user, application)`, used in every direction:
// "may this person vote on this application", "which applications may I examine now" and "who
// examines this application" (mails). It is evaluated at the moment of the query, so a decided
// application leaves every list at once, a revoked or expired holder stops examining, and a new
// holder starts, without any copied rows.
import { type Kysely, type RawBuilder, type Transaction, sql } from 'kysely';
import type { ApplicationFileRow, ApplicationRow, DB, Verdict, VerdictRow } from '../db/schema';
import type { Decision } from './applications';
import { ROLES, can } from '../organizations/organizations';

export type { ApplicationRow };

type Db = Kysely<DB> | Transaction<DB>;

/** Roles whose members review the organisation's applications (staff policy). */
const REVIEWER_ROLES = ROLES.filter((r) => can([r], 'application.review'));
/** Roles that speak for an organisation holding a badge (holders policy: the organisation's voice). */
const MANAGER_ROLES = ROLES.filter((r) => can([r], 'org.members'));

const textArray = (values: readonly string[]) => sql`ARRAY[${sql.join(values.map((v) => sql`${v}`))}]::text[]`;

/** A credential of badge `badge` that is current at `now`: neither revoked, declined nor expired. */
const currentCredential = (c: string, badge: RawBuilder<unknown>, now: Date) =>
  sql`${sql.ref(`${c}.badge_id`)} = ${badge} AND ${sql.ref(`${c}.revoked_at`)} IS NULL AND ${sql.ref(`${c}.state`)} <> 'declined'
      AND (${sql.ref(`${c}.valid_until`)} IS NULL OR ${sql.ref(`${c}.valid_until`)} > ${now})`;

/**
 * Whether `user` (an expression giving a user id) examines application `a` (an alias of the
 * applications table) at `now`. Nobody examines their own application, nor one made on behalf of
 * an organisation they belong to.
 */
export function mayExamine(user: RawBuilder<unknown>, a: string, now: Date): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(`${a}.${c}`);
  return sql<boolean>`(
    ${col('applicant_id')} <> ${user}
    AND (${col('organization_id')} IS NULL OR NOT EXISTS (
      SELECT 1 FROM memberships own WHERE own.organization_id = ${col('organization_id')} AND own.user_id = ${user}))
    AND CASE ${col('review_mode')}
      WHEN 'staff' THEN EXISTS (
        SELECT 1 FROM badges sb JOIN memberships sm ON sm.organization_id = sb.organization_id
        WHERE sb.id = ${col('badge_id')} AND sm.user_id = ${user} AND sm.roles && ${textArray(REVIEWER_ROLES)})
      WHEN 'committee' THEN EXISTS (
        SELECT 1 FROM badges cb JOIN user_emails ce ON ce.email IN (SELECT jsonb_array_elements_text(cb.settings -> 'review' -> 'committee'))
        WHERE cb.id = ${col('badge_id')} AND ce.user_id = ${user} AND ce.verified_at IS NOT NULL)
      WHEN 'holders' THEN EXISTS (
        SELECT 1 FROM user_emails he JOIN credentials hc ON hc.recipient_email = he.email
        WHERE he.user_id = ${user} AND he.verified_at IS NOT NULL AND ${currentCredential('hc', col('badge_id'), now)})
      OR EXISTS (
        SELECT 1 FROM memberships hm JOIN credentials ho ON ho.recipient_organization_id = hm.organization_id
        WHERE hm.user_id = ${user} AND hm.roles && ${textArray(MANAGER_ROLES)} AND ${currentCredential('ho', col('badge_id'), now)})
      ELSE false
    END)`;
}

// ——— Applications ———

export async function insertApplication(db: Db, row: {
  publicId: string;
  badgeId: string;
  applicantId: string;
  organizationId: string | null;
  recipientEmail: string | null;
  narrative: string;
  links: unknown[];
  checklist: number[];
  level: string | null;
  now: Date;
}): Promise<ApplicationRow> {
  return db
    .insertInto('applications')
    .values({
      public_id: row.publicId,
      badge_id: row.badgeId,
      applicant_id: row.applicantId,
      organization_id: row.organizationId,
      recipient_email: row.recipientEmail,
      narrative: row.narrative,
      links: JSON.stringify(row.links),
      checklist: row.checklist,
      level: row.level,
      created_at: row.now,
      updated_at: row.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateDraft(
  db: Db,
  id: string,
  change: { narrative: string; links: unknown[]; checklist: number[]; level: string | null; recipientEmail: string | null; now: Date },
): Promise<void> {
  await db
    .updateTable('applications')
    .set({
      narrative: change.narrative,
      links: JSON.stringify(change.links),
      checklist: change.checklist,
      level: change.level,
      recipient_email: change.recipientEmail,
      updated_at: change.now,
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

/** Draft → pending with the policy it will be decided by; false when it was no longer a draft. */
export async function markSubmitted(db: Db, id: string, policy: { mode: ApplicationRow['review_mode'] & string; quorum: number }, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('applications')
    .set({ status: 'pending', review_mode: policy.mode, quorum: policy.quorum, submitted_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function markWithdrawn(db: Db, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('applications')
    .set({ status: 'withdrawn', withdrawn_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['draft', 'pending'])
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function markDecided(db: Db, id: string, decision: Decision, now: Date): Promise<void> {
  await db
    .updateTable('applications')
    .set({ status: decision, decided_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
}

export async function setCredential(db: Db, id: string, credentialId: string, now: Date): Promise<void> {
  await db.updateTable('applications').set({ credential_id: credentialId, updated_at: now }).where('id', '=', id).execute();
}

export async function findApplicationByPublicId(db: Db, publicId: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

export async function findApplicationById(db: Db, id: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The application, locked until the end of the caller's transaction (verdicts and decisions). */
export async function lockApplication(trx: Transaction<DB>, publicId: string): Promise<ApplicationRow | undefined> {
  return trx.selectFrom('applications').selectAll().where('public_id', '=', publicId).forUpdate().executeTakeFirst();
}

export async function lockApplicationById(trx: Transaction<DB>, id: string): Promise<ApplicationRow | undefined> {
  return trx.selectFrom('applications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The applicant's open (draft or pending) application for a badge, if any. */
export async function findOpenApplication(db: Db, badgeId: string, applicantId: string, organizationId: string | null): Promise<ApplicationRow | undefined> {
  let q = db
    .selectFrom('applications')
    .selectAll()
    .where('badge_id', '=', badgeId)
    .where('applicant_id', '=', applicantId)
    .where('status', 'in', ['draft', 'pending']);
  q = organizationId === null ? q.where('organization_id', 'is', null) : q.where('organization_id', '=', organizationId);
  return q.executeTakeFirst();
}

export async function listApplicationsOfApplicant(db: Db, applicantId: string, page: { limit: number; offset: number }): Promise<ApplicationRow[]> {
  return db
    .selectFrom('applications')
    .selectAll()
    .where('applicant_id', '=', applicantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** Pending applications the user may examine now and has not voted on, oldest first. */
export async function listExaminable(db: Db, userId: string, now: Date, page: { limit: number; offset: number }): Promise<ApplicationRow[]> {
  return db
    .selectFrom('applications as a')
    .selectAll('a')
    .where('a.status', '=', 'pending')
    .where(mayExamine(sql`${userId}::bigint`, 'a', now))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('verdicts as v').select('v.id').whereRef('v.application_id', '=', 'a.id').where('v.examiner_id', '=', userId))),
    )
    .orderBy('a.submitted_at')
    .orderBy('a.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countExaminable(db: Db, userId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('applications as a')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('a.status', '=', 'pending')
    .where(mayExamine(sql`${userId}::bigint`, 'a', now))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('verdicts as v').select('v.id').whereRef('v.application_id', '=', 'a.id').where('v.examiner_id', '=', userId))),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Pending applications the user has voted on, awaiting the others. */
export async function listVotedPending(db: Db, userId: string, limit: number): Promise<ApplicationRow[]> {
  return db
    .selectFrom('applications as a')
    .innerJoin('verdicts as v', 'v.application_id', 'a.id')
    .selectAll('a')
    .where('a.status', '=', 'pending')
    .where('v.examiner_id', '=', userId)
    .orderBy('a.submitted_at')
    .limit(limit)
    .execute();
}

export async function isExaminer(db: Db, applicationId: string, userId: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('applications as a')
    .select(mayExamine(sql`${userId}::bigint`, 'a', now).as('ok'))
    .where('a.id', '=', applicationId)
    .executeTakeFirst();
  return row?.ok === true;
}

export interface ExaminerContact {
  userId: string;
  email: string;
  locale: 'fr' | 'en';
  digest: 'immediate' | 'daily';
}

/** The address mails to a person go to: the primary one if verified, else the first verified one. */
const mailAddress = (user: RawBuilder<unknown>) =>
  sql<string>`(SELECT me.email FROM user_emails me WHERE me.user_id = ${user} AND me.verified_at IS NOT NULL ORDER BY me.is_primary DESC, me.email LIMIT 1)`;

/** Where and in which language to mail a person; undefined when they have no verified address. */
export async function mailContactOf(db: Db, userId: string): Promise<{ email: string; locale: 'fr' | 'en' } | undefined> {
  const row = await db
    .selectFrom('users as u')
    .select(['u.locale', mailAddress(sql.ref('u.id')).as('email')])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  return row?.email ? { email: row.email, locale: row.locale } : undefined;
}

/** Everyone who examines the application now and can be mailed, with their address and language. */
export async function listExaminers(db: Db, applicationId: string, now: Date, filter: { digest?: 'immediate' | 'daily' } = {}): Promise<ExaminerContact[]> {
  let q = db
    .selectFrom('applications as a')
    .innerJoin('users as u', (join) => join.on(mayExamine(sql.ref('u.id'), 'a', now)))
    .select(['u.id as userId', mailAddress(sql.ref('u.id')).as('email'), 'u.locale', 'u.review_digest as digest'])
    .where('a.id', '=', applicationId)
    .orderBy('u.id');
  if (filter.digest) q = q.where('u.review_digest', '=', filter.digest);
  return (await q.execute()).filter((r): r is ExaminerContact => r.email !== null);
}

/**
 * Enqueues, in one statement, a `mail.send` job for each examiner of the application who wants
 * immediate mails (10,000 holders: one INSERT … SELECT, no loop). Each job is deduplicated per
 * application and examiner, and carries a `refresh` that re-checks at sending time that the
 * application is still undecided and still awaits this examiner's verdict.
 */
export async function enqueueNewApplicationMails(
  db: Db,
  application: { id: string },
  mail: { template: string; params: Record<'fr' | 'en', Record<string, string>>; refresh: string; jobName: string },
  now: Date,
): Promise<number> {
  const result = await sql`
    INSERT INTO jobs (name, payload, dedupe_key, run_at)
    SELECT ${mail.jobName},
           jsonb_build_object(
             'to', x.email,
             'locale', x.locale,
             'template', ${mail.template}::text,
             'params', CASE x.locale WHEN 'en' THEN ${JSON.stringify(mail.params.en)}::jsonb ELSE ${JSON.stringify(mail.params.fr)}::jsonb END,
             'refresh', jsonb_build_object('name', ${mail.refresh}::text, 'args', jsonb_build_object('application', a.id::text, 'user', x.id::text))),
           'application-new:' || a.id || ':' || x.id,
           ${now}
    FROM applications a
    CROSS JOIN LATERAL (
      SELECT u.id, u.locale, ${mailAddress(sql.ref('u.id'))} AS email FROM users u
      WHERE u.review_digest = 'immediate' AND ${mayExamine(sql.ref('u.id'), 'a', now)}
    ) x
    WHERE a.id = ${application.id} AND a.status = 'pending' AND x.email IS NOT NULL
    ON CONFLICT (dedupe_key) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** How many people examine the application now. */
export async function countExaminers(db: Db, applicationId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('applications as a')
    .innerJoin('users as u', (join) => join.on(mayExamine(sql.ref('u.id'), 'a', now)))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('a.id', '=', applicationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** People with daily digests who have at least one application to examine now. */
export async function listDigestRecipients(db: Db, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('users as u')
    .select('u.id')
    .where('u.review_digest', '=', 'daily')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('applications as a')
          .select('a.id')
          .where('a.status', '=', 'pending')
          .where(mayExamine(sql.ref('u.id'), 'a', now))
          .where(({ not, exists: ex, selectFrom: sf }) =>
            not(ex(sf('verdicts as v').select('v.id').whereRef('v.application_id', '=', 'a.id').whereRef('v.examiner_id', '=', 'u.id'))),
          ),
      ),
    )
    .orderBy('u.id')
    .execute();
  return rows.map((r) => r.id);
}

// ——— Verdicts ———

/** Inserts a verdict; false when this examiner has already voted on the application. */
export async function insertVerdict(
  db: Db,
  v: { applicationId: string; examinerId: string; verdict: Verdict; comment: string; criteriaMet: number[]; now: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('verdicts')
    .values({
      application_id: v.applicationId,
      examiner_id: v.examinerId,
      verdict: v.verdict,
      comment: v.comment,
      criteria_met: v.criteriaMet,
      created_at: v.now,
    })
    .onConflict((oc) => oc.columns(['application_id', 'examiner_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export type VerdictWithExaminer = VerdictRow & { examiner_name: string; examiner_public_id: string };

/** Verdicts in order of arrival. */
export async function listVerdicts(db: Db, applicationId: string): Promise<VerdictWithExaminer[]> {
  return db
    .selectFrom('verdicts as v')
    .innerJoin('users as u', 'u.id', 'v.examiner_id')
    .selectAll('v')
    .select(['u.display_name as examiner_name', 'u.public_id as examiner_public_id'])
    .where('v.application_id', '=', applicationId)
    .orderBy('v.id')
    .execute();
}

// ——— Evidence files ———

export async function insertFile(
  db: Db,
  f: { publicId: string; applicationId: string; filename: string; mediaType: string; content: Buffer; sha256: string; now: Date },
): Promise<void> {
  await db
    .insertInto('application_files')
    .values({
      public_id: f.publicId,
      application_id: f.applicationId,
      filename: f.filename,
      media_type: f.mediaType,
      size: f.content.length,
      content: f.content,
      sha256: f.sha256,
      created_at: f.now,
    })
    .execute();
}

export type FileSummaryRow = Omit<ApplicationFileRow, 'content'>;

export async function listFiles(db: Db, applicationId: string): Promise<FileSummaryRow[]> {
  return db
    .selectFrom('application_files')
    .select(['id', 'public_id', 'application_id', 'filename', 'media_type', 'size', 'sha256', 'created_at'])
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
}

export async function findFile(db: Db, applicationId: string, filePublicId: string): Promise<ApplicationFileRow | undefined> {
  return db
    .selectFrom('application_files')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('public_id', '=', filePublicId)
    .executeTakeFirst();
}

export async function deleteFile(db: Db, applicationId: string, filePublicId: string): Promise<boolean> {
  const r = await db.deleteFrom('application_files').where('application_id', '=', applicationId).where('public_id', '=', filePublicId).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export async function countFiles(db: Db, applicationId: string): Promise<number> {
  const row = await db
    .selectFrom('application_files')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('application_id', '=', applicationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
