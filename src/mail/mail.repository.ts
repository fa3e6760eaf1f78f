// SQL of the mails table: the record of every mail produced (sent over SMTP or kept as the outbox).
import type { Insertable, Kysely } from 'kysely';
import type { DB, MailRow, MailsTable } from '../db/schema';

export async function mailRecordedForJob(db: Kysely<DB>, jobId: string): Promise<boolean> {
  const row = await db.selectFrom('mails').select('id').where('job_id', '=', jobId).executeTakeFirst();
  return row !== undefined;
}

/** Records a mail; a second record for the same job (or Message-ID) is ignored. */
export async function recordMail(db: Kysely<DB>, mail: Insertable<MailsTable>): Promise<void> {
  await db.insertInto('mails').values(mail).onConflict((oc) => oc.doNothing()).execute();
}

export async function findMailById(db: Kysely<DB>, id: string): Promise<MailRow | undefined> {
  return db.selectFrom('mails').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Newest first, without bodies. */
export async function listMails(db: Kysely<DB>, page: { limit: number; offset: number }) {
  return db
    .selectFrom('mails')
    .select(['id', 'to_address', 'subject', 'transport', 'message_id', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countMails(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('mails').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
