// All SQL of applications, evidence files and verdicts (the examiner pool: examiners.repository.ts).
import type { Kysely, Transaction } from 'kysely';
import type { ApplicationFileRow, ApplicationRow, DB, Verdict, VerdictRow } from '../db/schema';
import type { Decision } from './applications';

export type { ApplicationRow };

type Db = Kysely<DB> | Transaction<DB>;

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
  renews?: string | null;
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
      renews_credential_id: row.renews ?? null,
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

/**
 * Clears the comments of an examiner's verdicts, in the transaction that deletes their account:
 * the verdicts stay (examiner set to NULL by the foreign key), their comments are personal data.
 */
export async function anonymiseVerdictsOf(db: Db, examinerId: string): Promise<void> {
  await db.updateTable('verdicts').set({ comment: '' }).where('examiner_id', '=', examinerId).execute();
}

/** The examiner's name and id are null for a former member (account deleted, verdict kept). */
export type VerdictWithExaminer = VerdictRow & { examiner_name: string | null; examiner_public_id: string | null };

/** Verdicts in order of arrival, former members' included. */
export async function listVerdicts(db: Db, applicationId: string): Promise<VerdictWithExaminer[]> {
  return db
    .selectFrom('verdicts as v')
    .leftJoin('users as u', 'u.id', 'v.examiner_id')
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
