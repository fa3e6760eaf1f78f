// The examiner pool. One SQL condition, `mayExamine(user, application)`, serves every direction:
// "may this person vote on this application", "which applications may I examine now" and "who
// examines this application" (mails). It is evaluated at the moment of the query, so a decided
// application leaves every list at once, a revoked or expired holder stops examining, and a new
// holder starts, without any copied rows.
import { type Kysely, type RawBuilder, type Transaction, sql } from 'kysely';
import { isCurrentCredential } from '../awards/awards.repository';
import type { ApplicationRow, DB } from '../db/schema';
import { ROLES, can } from '../organizations/organizations';

type Db = Kysely<DB> | Transaction<DB>;

/** Roles whose members review the organisation's applications (staff policy). */
const REVIEWER_ROLES = ROLES.filter((r) => can([r], 'application.review'));
/** Roles that speak for an organisation holding a badge (holders policy: the organisation's voice). */
const MANAGER_ROLES = ROLES.filter((r) => can([r], 'org.members'));

const textArray = (values: readonly string[]) => sql`ARRAY[${sql.join(values.map((v) => sql`${v}`))}]::text[]`;

/** A credential of badge `badge` that is current at `now`: neither revoked, declined nor expired. */
const currentCredential = (c: string, badge: RawBuilder<unknown>, now: Date) => sql`${sql.ref(`${c}.badge_id`)} = ${badge} AND ${isCurrentCredential(c, now)}`;

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

/** Whether `user` has not yet given a verdict on application `a`. */
const awaitsVerdictOf = (user: RawBuilder<unknown>, a: string) =>
  sql<boolean>`NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.application_id = ${sql.ref(`${a}.id`)} AND v.examiner_id = ${user})`;

export async function hasVoted(db: Db, applicationId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('verdicts').select('id').where('application_id', '=', applicationId).where('examiner_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** Pending applications the user may examine now and has not voted on, oldest first. */
export async function listExaminable(db: Db, userId: string, now: Date, page: { limit: number; offset: number }): Promise<ApplicationRow[]> {
  return db
    .selectFrom('applications as a')
    .selectAll('a')
    .where('a.status', '=', 'pending')
    .where(mayExamine(sql`${userId}::bigint`, 'a', now))
    .where(awaitsVerdictOf(sql`${userId}::bigint`, 'a'))
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
    .where(awaitsVerdictOf(sql`${userId}::bigint`, 'a'))
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
          .where(awaitsVerdictOf(sql.ref('u.id'), 'a')),
      ),
    )
    .orderBy('u.id')
    .execute();
  return rows.map((r) => r.id);
}
