// Importing badges earned elsewhere into a person's backpack: a baked PNG/SVG, a JSON or JWT
// credential, or a URL — Open Badges 3.0, or 2.0 (an Assertion, hosted or signed, which must name
// one of the person's verified e-mail addresses). It is verified on the way in — nothing is stored when it fails — and kept
// as read with its verification, then checked again daily (`backpack.recheck`) or on demand: an
// outside badge its issuer revoked shows as revoked.
import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import { verifiedEmails } from '../accounts/accounts.repository';
import { localStatusDocument } from '../awards/revocation.service';
import { fail } from '../errors';
import { enqueue } from '../jobs/queue';
import type { JobHandler } from '../jobs/worker';
import type { Actor, Deps } from '../platform/deps';
import { publicId as newPublicId } from '../platform/tokens';
import type { VerifyInput, VerifyReport } from '../verify/verify';
import { type VerifyServices, createVerifyServices, verifyAndRead, verifyBadge } from '../verify/verify.service';

export const RECHECK_JOB = 'backpack.recheck';
const DAY_MS = 86_400_000;
const RECHECK_BATCH = 200;

export interface ImportedCredential {
  id: string;
  name: string;
  issuerName: string | null;
  format: string;
  sourceUrl: string | null;
  verdict: VerifyReport['verdict'];
  report: VerifyReport;
  verifiedAt: Date;
  createdAt: Date;
  /** '2.0' for an Open Badges 2.0 assertion, '3.0' otherwise (read from its verification). */
  version: '2.0' | '3.0';
  /** What its last verification read: the badge's image (OB 2.0), when it was earned, until when. */
  image: string | null;
  validFrom: string | null;
  validUntil: string | null;
}

type ImportRow = {
  public_id: string;
  name: string;
  issuer_name: string | null;
  format: string;
  source_url: string | null;
  verdict: string;
  verification: unknown;
  verified_at: Date;
  created_at: Date;
};

function toImported(row: ImportRow): ImportedCredential {
  const report = row.verification as VerifyReport;
  return {
    id: row.public_id,
    name: row.name,
    issuerName: row.issuer_name,
    format: row.format,
    sourceUrl: row.source_url,
    verdict: row.verdict as VerifyReport['verdict'],
    report,
    verifiedAt: row.verified_at,
    createdAt: row.created_at,
    version: report.version ?? '3.0',
    image: report.credential?.image ?? null,
    validFrom: report.credential?.validFrom ?? null,
    validUntil: report.credential?.validUntil ?? null,
  };
}

const COLUMNS = ['public_id', 'name', 'issuer_name', 'format', 'source_url', 'verdict', 'verification', 'verified_at', 'created_at'] as const;

export type ImportOutcome = { ok: true; imported: ImportedCredential; replaced: boolean } | { ok: false; report: VerifyReport };

/**
 * Why an import was refused, in one message: not the person's (the recipient check, OB 2.0 and
 * 3.0), the person has no verified address to match it with yet, or not verified.
 */
export function importRefusalKey(report: VerifyReport): 'backpack.import.notYours' | 'backpack.import.noVerifiedAddress' | 'backpack.import.invalid' {
  const failing = (code: string) => report.checks.some((c) => !c.passed && c.problems.some((p) => p.code === code));
  if (failing('subject.recipient_unknown')) return 'backpack.import.noVerifiedAddress';
  return failing('subject.recipient_mismatch') ? 'backpack.import.notYours' : 'backpack.import.invalid';
}

/**
 * Verifies and stores a credential in the person's backpack, once per credential `id`; the badge
 * (OB 2.0 or 3.0) must be awarded to one of the person's verified e-mail addresses. Held
 * already: refused (conflict), or with `replace` (the OB 3.0 API's upsert) replaced in the same
 * statement — only after the new copy verified, so a failing one never removes the one held.
 */
export async function importCredential(
  deps: Deps,
  services: VerifyServices,
  actor: Actor | null,
  input: VerifyInput,
  options: { replace?: boolean } = {},
): Promise<ImportOutcome> {
  if (!actor) throw fail.unauthenticated();
  const { report, read } = await verifyAndRead(deps, services, input, { recipients: await verifiedEmails(deps.db, actor.id), requireRecipient: true });
  if (!report.valid || !read) return { ok: false, report };
  const key = typeof read.credential.id === 'string' ? read.credential.id : `sha256:${createHash('sha256').update(JSON.stringify(read.credential)).digest('hex')}`;
  const now = deps.clock.now();
  const held = {
    format: read.format,
    source_url: report.source?.url ?? null,
    document: JSON.stringify(read.credential),
    jwt: read.jwt ?? null,
    name: (report.credential?.name ?? report.credential?.achievement.name ?? '—').slice(0, 500),
    issuer_name: report.credential?.issuer.name?.slice(0, 500) ?? null,
    verdict: report.verdict,
    verification: JSON.stringify(report),
    verified_at: now,
  };
  const row = await deps.db
    .insertInto('imported_credentials')
    .values({ ...held, public_id: newPublicId(), user_id: actor.id, credential_key: key, created_at: now })
    .onConflict((oc) => {
      const on = oc.columns(['user_id', 'credential_key']);
      return options.replace ? on.doUpdateSet(held) : on.doNothing();
    })
    // xmax is 0 on a row this statement inserted, not on one it updated (PostgreSQL and PGlite).
    .returning([...COLUMNS, sql<boolean>`xmax = 0`.as('inserted')])
    .executeTakeFirst();
  if (!row) throw fail.conflict('backpack.import.already');
  return { ok: true, imported: toImported(row), replaced: !row.inserted };
}

export async function listImported(deps: Deps, actor: Actor | null): Promise<ImportedCredential[]> {
  if (!actor) throw fail.unauthenticated();
  const rows = await deps.db.selectFrom('imported_credentials').select(COLUMNS).where('user_id', '=', actor.id).orderBy('id', 'desc').limit(500).execute();
  return rows.map(toImported);
}

async function recheckRow(deps: Deps, services: VerifyServices, id: string): Promise<ImportedCredential | undefined> {
  const row = await deps.db.selectFrom('imported_credentials').select(['id', 'user_id', 'document', 'jwt']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const input: VerifyInput = row.jwt ? { kind: 'text', text: row.jwt } : { kind: 'object', value: row.document as Record<string, unknown> };
  // An OB 2.0 hosted assertion is fetched again from its id (revoked, changed, gone).
  const report = await verifyBadge(deps, services, input, { recipients: await verifiedEmails(deps.db, row.user_id), requireRecipient: true });
  const updated = await deps.db
    .updateTable('imported_credentials')
    .set({ verdict: report.verdict, verification: JSON.stringify(report), verified_at: deps.clock.now() })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst();
  return updated && toImported(updated);
}

/** Checks one of the actor's imported badges again now. */
export async function recheckImported(deps: Deps, services: VerifyServices, actor: Actor | null, publicId: string): Promise<ImportedCredential> {
  if (!actor) throw fail.unauthenticated();
  const row = await deps.db.selectFrom('imported_credentials').select('id').where('public_id', '=', publicId).where('user_id', '=', actor.id).executeTakeFirst();
  if (!row) throw fail.notFound('backpack.import.notFound');
  return (await recheckRow(deps, services, row.id))!;
}

export async function removeImported(deps: Deps, actor: Actor | null, publicId: string): Promise<void> {
  if (!actor) throw fail.unauthenticated();
  const done = await deps.db.deleteFrom('imported_credentials').where('public_id', '=', publicId).where('user_id', '=', actor.id).executeTakeFirst();
  if (Number(done.numDeletedRows) === 0) throw fail.notFound('backpack.import.notFound');
}

export async function scheduleRecheck(db: Deps['db'], at: Date): Promise<void> {
  await enqueue(db, RECHECK_JOB, { at: at.toISOString() }, { runAt: at, dedupeKey: `${RECHECK_JOB}:${at.toISOString()}` });
}

/**
 * `backpack.recheck`: imported badges not checked for a day are verified again (their issuers'
 * status lists fetched anew; this platform's own answered locally), then the next run is scheduled.
 */
export function recheckJobHandler(services: VerifyServices = createVerifyServices({ providers: [(url, deps) => localStatusDocument(deps, url)] })): JobHandler {
  return async (deps) => {
    const now = deps.clock.now();
    for (;;) {
      const due = await deps.db
        .selectFrom('imported_credentials')
        .select('id')
        .where('verified_at', '<', new Date(now.getTime() - DAY_MS + 60_000))
        .orderBy('verified_at')
        .limit(RECHECK_BATCH)
        .execute();
      for (const row of due) await recheckRow(deps, services, row.id);
      if (due.length < RECHECK_BATCH) break;
    }
    await scheduleRecheck(deps.db, new Date(now.getTime() + DAY_MS));
  };
}
