// Bulk awarding through the API, end to end: the preview stores nothing but the batch; confirming
// enqueues the `bulk.issue` job; draining it signs every row in worker threads and stores credentials
// that verify; the same file again is the same batch; a row is never awarded twice, not across
// batches and not when a worker dies mid-batch and the job resumes; cancel; permissions.
import { createLocalJWKSet, jwtVerify } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_CLEANUP_JOB } from '../../src/bulk/bulk';
import { issueBatch } from '../../src/bulk/issue-batch';
import { verifyCredential } from '../../src/credentials';
import { claimJob } from '../../src/jobs/jobs.repository';
import { organizationDid } from '../../src/issuers/issuers.service';
import { addMember, award, communiquer, createBadge, createOrganization, platformLoader, tutorat } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, bearer, createTestUser } from '../helpers/users';

const BASE = 'http://localhost:3000';

/** A CSV of `n` valid rows for `prefix`, French Excel style, plus the given extra lines. */
function csv(n: number, prefix: string, extra: string[] = []): string {
  const rows = Array.from({ length: n }, (_, i) => `${prefix}${i}@example.org;Personne ${i};Bravo;https://example.org/p/${i};${i % 2 ? 'II' : 'Je pratique'};10/01/2025;`);
  return `\uFEFFemail;nom;récit;preuve;niveau;date;expiration\r\n${[...rows, ...extra].join('\r\n')}\r\n`;
}

describe('bulk awarding from CSV', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let issuer: TestUser;
  let reviewer: TestUser;
  let slug = '';
  let badgeId = '';
  let plainBadgeId = '';
  const now = new Date('2025-01-15T10:00:00Z');

  const upload = (user: TestUser | null, badge: string, body: string) =>
    p.app.inject({ method: 'POST', url: `/api/v1/badges/${badge}/bulk`, headers: { ...(user ? bearer(user) : {}), 'content-type': 'text/csv; charset=utf-8', 'accept-language': 'en' }, payload: body });
  const call = (user: TestUser | null, method: 'GET' | 'POST', url: string) => p.app.inject({ method, url: `/api/v1${url}`, headers: user ? bearer(user) : {} });
  const count = async (table: 'credentials' | 'bulk_batches' | 'bulk_rows') => Number((await p.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const jobs = async (name: string) => Number((await p.deps.db.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n')).where('name', '=', name).executeTakeFirstOrThrow()).n);
  const issuedRows = (batchId: string) =>
    p.deps.db.selectFrom('bulk_rows as r').innerJoin('bulk_batches as b', 'b.id', 'r.batch_id').select(['r.row_number', 'r.credential_id', 'r.status']).where('b.public_id', '=', batchId).where('r.status', '=', 'issued').execute();

  beforeAll(async () => {
    p = await testPlatform({ clock: { now: () => now } });
    owner = await createTestUser(p, { email: 'owner@region.example' });
    issuer = await createTestUser(p, { email: 'issuer@region.example', locale: 'en' });
    reviewer = await createTestUser(p, { email: 'reviewer@region.example' });
    slug = await createOrganization(p, owner, 'Région Normandie');
    await addMember(p, slug, issuer, ['issuer']);
    await addMember(p, slug, reviewer, ['reviewer']);
    badgeId = await createBadge(p, owner, slug, communiquer);
    plainBadgeId = await createBadge(p, owner, slug, tutorat);
  });
  afterAll(async () => {
    await p.close();
  });

  let firstBatch = '';
  const bad = [
    'pas-une-adresse;X;;;;;',
    ';Sans Adresse;;;;;',
    'p0@example.org;Doublon;;;;;',
    'lvl@example.org;;;;III;;',
    'date@example.org;;;;;31/02/2025;',
    'exp@example.org;;;;;10/01/2025;09/01/2025',
    'ev@example.org;;;mon portfolio;;;',
  ];

  it('previews a file (201): per-row errors, translated; nothing issued, no job, no mail', async () => {
    const res = await upload(issuer, badgeId, csv(300, 'p', bad));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    firstBatch = body.id;
    expect(body).toMatchObject({ badge: badgeId, status: 'preview', rows: 307, valid: 300, invalid: 7, progress: { total: 300, done: 0, skipped: 0 }, url: `${BASE}/bulk/${body.id}` });
    expect(body.errors.map((e: { row: number; errors: { code: string }[] }) => [e.row, e.errors.map((x) => x.code)])).toEqual([
      [302, ['invalid_email']],
      [303, ['missing_email']],
      [304, ['duplicate_email']],
      [305, ['unknown_level']],
      [306, ['bad_issued']],
      [307, ['expires_before_issued']],
      [308, ['invalid_evidence']],
    ]);
    expect(body.errors[0].errors[0].message).toBe('Invalid e-mail address.');
    expect(await count('credentials')).toBe(0);
    expect(await count('bulk_rows')).toBe(307);
    expect(await jobs('bulk.issue')).toBe(0);
    expect(await jobs('mail.send')).toBe(0);
  });

  it('confirms (202) and issues every valid row in the job; the credentials verify', async () => {
    const res = await call(issuer, 'POST', `/bulk/${firstBatch}/confirm`);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ status: 'queued' });
    expect((await call(issuer, 'POST', `/bulk/${firstBatch}/confirm`)).json().status).toBe('queued'); // idempotent
    expect(await jobs('bulk.issue')).toBe(1);
    await p.drain();
    const done = (await call(issuer, 'GET', `/bulk/${firstBatch}`)).json();
    expect(done).toMatchObject({ status: 'done', progress: { total: 300, done: 300, skipped: 0 }, startedAt: now.toISOString(), finishedAt: now.toISOString() });
    expect(await count('credentials')).toBe(300);
    const rows = await issuedRows(firstBatch);
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((r) => r.credential_id)).size).toBe(300);
    expect(await jobs('mail.send')).toBe(300);
    // A bulk load refreshes the planner's statistics of what it grew (PGlite has no autovacuum).
    const stats = await sql<{ reltuples: number }>`SELECT reltuples FROM pg_class WHERE relname = 'credentials'`.execute(p.deps.db);
    expect(Number(stats.rows[0]!.reltuples)).toBeGreaterThanOrEqual(300);

    const page = (await call(issuer, 'GET', `/bulk/${firstBatch}/rows?status=issued&limit=3`)).json();
    expect(page.hasMore).toBe(true);
    const jwks = (await p.app.inject({ url: `/organizations/${slug}/jwks.json` })).json();
    for (const [i, item] of page.items.entries()) {
      const id = (item.credential as string).slice(`${BASE}/credentials/`.length);
      const c = (await call(null, 'GET', `/credentials/${id}`)).json();
      expect(c).toMatchObject({ badge: badgeId, level: i % 2 ? 'Je maîtrise' : 'Je pratique', validFrom: '2025-01-10T00:00:00.000Z', validUntil: '2028-01-10T00:00:00.000Z' });
      const result = await verifyCredential(c.credential, { documentLoader: platformLoader(p), now, recipient: { value: `p${i}@example.org` } });
      expect(result.checks.filter((x) => !x.passed)).toEqual([]);
      expect(result.valid).toBe(true);
      const { payload } = await jwtVerify(c.jwt, createLocalJWKSet(jwks), { issuer: organizationDid(BASE, slug), currentDate: now });
      expect(payload.jti).toBe(c.credential.id);
    }
  });

  it('signs in worker threads credentials of the same shape as a single award', async () => {
    const single = (await award(p, issuer, badgeId, { recipient: { email: 'solo@example.org', name: 'Solo' }, narrative: 'Bravo', level: 'II', evidence: 'https://example.org/p/1', issuedAt: '2025-01-10' })).credential;
    const item = (await call(issuer, 'GET', `/bulk/${firstBatch}/rows?status=issued&limit=1&offset=1`)).json().items[0];
    const bulk = (await call(null, 'GET', `/credentials/${(item.credential as string).split('/').pop()}`)).json().credential;
    const shape = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(shape) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]).sort()) : typeof value;
    expect(shape(bulk)).toEqual(shape(single));
    const same = (c: Record<string, unknown>) => ({ context: c['@context'], type: c.type, issuer: c.issuer, validFrom: c.validFrom, validUntil: c.validUntil, achievement: (c.credentialSubject as { achievement: unknown }).achievement, result: (c.credentialSubject as { result: unknown }).result, evidence: c.evidence });
    expect(same(bulk)).toEqual(same(single));
    const proof = (c: Record<string, unknown>) => ({ ...(c.proof as object), proofValue: undefined, created: undefined });
    expect(proof(bulk)).toEqual(proof(single));
  });

  it('gives back the same batch for the same file (200), and issues nothing again', async () => {
    const res = await upload(issuer, badgeId, csv(300, 'p', bad));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: firstBatch, status: 'done' });
    expect((await call(issuer, 'POST', `/bulk/${firstBatch}/confirm`)).json().status).toBe('done');
    await p.drain();
    expect(await count('credentials')).toBe(301);
    expect(await count('bulk_batches')).toBe(1);
  });

  it('never awards a row twice across batches: badge + e-mail + issue date', async () => {
    // p0 and p1 again with the same date (already awarded); p2 on another date and a newcomer are new.
    const text = 'E-mail,Level,Issued on\np0@example.org,I,2025-01-10\np1@example.org,II,10/01/2025\np2@example.org,I,2025-01-11\nnew@example.org,I,\n';
    const res = await upload(issuer, badgeId, text);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rows: 4, valid: 2, invalid: 2 });
    expect(res.json().errors.map((e: { row: number; errors: { code: string }[] }) => [e.row, e.errors[0]!.code])).toEqual([
      [2, 'already_awarded'],
      [3, 'already_awarded'],
    ]);
    await call(issuer, 'POST', `/bulk/${res.json().id}/confirm`);
    await p.drain();
    expect((await call(issuer, 'GET', `/bulk/${res.json().id}`)).json()).toMatchObject({ status: 'done', progress: { done: 2 } });
    expect(await count('credentials')).toBe(303);
  });

  it('skips at issue time a row another batch awarded after the preview', async () => {
    const a = (await upload(issuer, plainBadgeId, 'email,issued\nrace@example.org,2025-01-05\nalone@example.org,\n')).json();
    const b = (await upload(issuer, plainBadgeId, 'Courriel;Date\nrace@example.org;05/01/2025\n')).json();
    expect([a.valid, b.valid]).toEqual([2, 1]); // nothing issued yet: both previews accept the row
    await call(issuer, 'POST', `/bulk/${a.id}/confirm`);
    await call(issuer, 'POST', `/bulk/${b.id}/confirm`);
    await p.drain();
    expect((await call(issuer, 'GET', `/bulk/${a.id}`)).json()).toMatchObject({ status: 'done', progress: { done: 2, skipped: 0 } });
    expect((await call(issuer, 'GET', `/bulk/${b.id}`)).json()).toMatchObject({ status: 'done', progress: { done: 0, skipped: 1 } });
    const rows = (await call(issuer, 'GET', `/bulk/${b.id}/rows`)).json().items;
    expect(rows).toEqual([{ row: 2, email: 'race@example.org', status: 'skipped', errors: [{ code: 'already_awarded', message: expect.any(String) }], credential: null }]);
    const race = await p.deps.db.selectFrom('credentials').select('id').where('recipient_email', '=', 'race@example.org').execute();
    expect(race).toHaveLength(1);
  });

  it('resumes a job whose worker died mid-batch, issuing each row once', async () => {
    const res = await upload(owner, plainBadgeId, csv(300, 'r').replace(/;(Je pratique|II);/g, ';;'));
    expect(res.json()).toMatchObject({ valid: 300, invalid: 0 });
    const id = res.json().id as string;
    await call(owner, 'POST', `/bulk/${id}/confirm`);
    // A worker claims the job, commits one chunk (200 rows), and dies: its lease runs out.
    const job = await claimJob(p.deps.db, 'dead-worker', now, 60_000);
    expect(job?.name).toBe('bulk.issue');
    expect(await issueBatch(p.deps, job!.payload as { batchId: string; run: number }, { maxChunks: 1 })).toBe('partial');
    expect((await issuedRows(id)).length).toBe(200);
    expect((await call(owner, 'GET', `/bulk/${id}`)).json()).toMatchObject({ status: 'running', progress: { done: 200 } });
    await p.deps.db.updateTable('jobs').set({ locked_until: new Date(now.getTime() - 1000) }).where('id', '=', job!.id).execute();
    await p.drain();
    const rows = await issuedRows(id);
    expect(rows.map((r) => r.row_number).sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 2));
    expect(new Set(rows.map((r) => r.credential_id)).size).toBe(300);
    const byBadge = await p.deps.db.selectFrom('credentials as c').innerJoin('badges as b', 'b.id', 'c.badge_id').select((eb) => eb.fn.countAll<string>().as('n')).where('b.public_id', '=', plainBadgeId).executeTakeFirstOrThrow();
    expect(Number(byBadge.n)).toBe(302); // 300 here, 2 from the race above
    expect((await call(owner, 'GET', `/bulk/${id}`)).json()).toMatchObject({ status: 'done', progress: { total: 300, done: 300 } });
    const finished = await p.deps.db.selectFrom('jobs').select(['status', 'attempts']).where('id', '=', job!.id).executeTakeFirstOrThrow();
    expect(finished).toEqual({ status: 'done', attempts: 2 });
  });

  it('cancels a queued batch (nothing issued), then resumes it when confirmed again', async () => {
    const res = await upload(issuer, plainBadgeId, 'email\nc1@example.org\nc2@example.org\n');
    const id = res.json().id as string;
    expect((await call(issuer, 'POST', `/bulk/${id}/cancel`)).statusCode).toBe(409); // a preview is not cancellable
    await call(issuer, 'POST', `/bulk/${id}/confirm`);
    const cancelled = await call(issuer, 'POST', `/bulk/${id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', finishedAt: now.toISOString() });
    await p.drain();
    expect((await call(issuer, 'GET', `/bulk/${id}`)).json()).toMatchObject({ status: 'cancelled', progress: { done: 0 } });
    expect(await issuedRows(id)).toHaveLength(0);
    expect((await call(issuer, 'POST', `/bulk/${id}/confirm`)).json().status).toBe('queued');
    await p.drain();
    expect((await call(issuer, 'GET', `/bulk/${id}`)).json()).toMatchObject({ status: 'done', progress: { done: 2 } });
  });

  it('refuses reviewers, strangers and anonymous callers, and files it cannot read', async () => {
    expect((await upload(reviewer, badgeId, 'email\nz@example.org\n')).statusCode).toBe(403);
    expect((await upload(null, badgeId, 'email\nz@example.org\n')).statusCode).toBe(401);
    expect((await call(reviewer, 'GET', `/bulk/${firstBatch}`)).statusCode).toBe(403);
    expect((await call(reviewer, 'POST', `/bulk/${firstBatch}/confirm`)).statusCode).toBe(403);
    expect((await call(reviewer, 'POST', `/bulk/${firstBatch}/cancel`)).statusCode).toBe(403);
    expect((await call(issuer, 'GET', '/bulk/nope')).statusCode).toBe(404);
    const noEmail = await upload(issuer, badgeId, 'nom;niveau\nAda;I\n');
    expect(noEmail.statusCode).toBe(400);
    expect(noEmail.json().error.fields.file).toBe('The first line must name the columns, including an “email” column.');
    const none = await upload(issuer, badgeId, 'email\nnot-an-address\n');
    expect(none.json()).toMatchObject({ valid: 0, invalid: 1 });
    expect((await call(issuer, 'POST', `/bulk/${none.json().id}/confirm`)).statusCode).toBe(409);
  });

  it('serves other requests while it stores a large file: each slice is committed, the batch hidden until complete', async () => {
    const body = csv(3_000, 'tranche');
    let done = false;
    const uploading = upload(issuer, badgeId, body).finally(() => {
      done = true;
    });
    // Other requests' queries run between the slices (on PGlite they share its one connection; a
    // transaction over the whole file made them wait for its end) and see the batch loading.
    let seen: { publicId: string; rows: number } | undefined;
    while (!done && !seen) {
      const loading = await p.deps.db
        .selectFrom('bulk_batches as b')
        .select(['b.public_id', (eb) => eb.selectFrom('bulk_rows as r').whereRef('r.batch_id', '=', 'b.id').select((e) => e.fn.countAll<string>().as('n')).as('rows')])
        .where('b.status', '=', 'loading')
        .executeTakeFirst();
      if (loading && Number(loading.rows) > 0) seen = { publicId: loading.public_id, rows: Number(loading.rows) };
      // As requests arriving on the network do: from the event loop, not one chain of promises.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(seen, 'no other query ran while the file was stored').toBeDefined();
    expect(seen!.rows).toBeLessThan(3_000);
    // Nobody is shown a batch whose file is still being stored.
    if (!done) expect((await call(issuer, 'GET', `/bulk/${seen!.publicId}`)).statusCode).toBe(404);
    const res = await uploading;
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ id: seen!.publicId, status: 'preview', rows: 3_000, valid: 3_000 });
  });

  it('leaves nothing of a file that cannot be read to its end, so that it can be sent again', async () => {
    const before = { batches: await count('bulk_batches'), rows: await count('bulk_rows') };
    // 1,200 rows, then a quote never closed: two slices are stored before the error.
    const body = csv(1_200, 'coupe', ['"fin@example.org;Sans fin;;;;;']);
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await upload(issuer, badgeId, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.fields.file).toMatch(/malformed/);
      expect({ batches: await count('bulk_batches'), rows: await count('bulk_rows') }).toEqual(before);
    }
  });

  it('gives two uploads of one file at once one batch; a batch left loading by a stopped process is replaced', async () => {
    const body = csv(1_500, 'double');
    const [a, b] = await Promise.all([upload(issuer, badgeId, body), upload(issuer, badgeId, body)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().id).toBe(b.json().id);
    // The one that waited answers with the batch complete, not as it was while being read.
    for (const res of [a, b]) expect(res.json()).toMatchObject({ status: 'preview', rows: 1_500, valid: 1_500 });

    // A process stopped mid-file 16 minutes ago: its batch is deleted by the next upload.
    const stale = csv(20, 'arret');
    const sha256 = (await import('node:crypto')).createHash('sha256').update(Buffer.from(stale)).digest('hex');
    const badge = await p.deps.db.selectFrom('badges').select(['id', 'organization_id']).where('public_id', '=', badgeId).executeTakeFirstOrThrow();
    await p.deps.db
      .insertInto('bulk_batches')
      .values({ public_id: 'stale-batch', badge_id: badge.id, organization_id: badge.organization_id, file_sha256: sha256, status: 'loading', created_at: new Date(now.getTime() - 16 * 60_000) })
      .execute();
    const res = await upload(issuer, badgeId, stale);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rows: 20, valid: 20 });
    expect(res.json().id).not.toBe('stale-batch');
    expect(await p.deps.db.selectFrom('bulk_batches').select('id').where('public_id', '=', 'stale-batch').executeTakeFirst()).toBeUndefined();
  });

  it('deletes, hourly, the batches a stopped process left loading (with their rows), not one being read', async () => {
    const badge = await p.deps.db.selectFrom('badges').select(['id', 'organization_id']).where('public_id', '=', badgeId).executeTakeFirstOrThrow();
    const loadingBatch = async (publicId: string, minutesAgo: number) => {
      const { id } = await p.deps.db
        .insertInto('bulk_batches')
        .values({ public_id: publicId, badge_id: badge.id, organization_id: badge.organization_id, file_sha256: publicId, status: 'loading', created_at: new Date(now.getTime() - minutesAgo * 60_000) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await p.deps.db.insertInto('bulk_rows').values({ batch_id: id, badge_id: badge.id, row_number: 2, email: 'x@example.org', status: 'valid', errors: [], dedupe_key: publicId }).execute();
    };
    await loadingBatch('left-behind', 20);
    await loadingBatch('being-read', 1);
    // Nobody is shown a batch whose file is still being stored.
    expect((await call(issuer, 'GET', '/bulk/being-read')).statusCode).toBe(404);
    const rowsBefore = await count('bulk_rows');
    await p.handlers[BULK_CLEANUP_JOB]!(p.deps, {}, { id: '0', attempts: 1, createdAt: now });
    const left = await p.deps.db.selectFrom('bulk_batches').select('public_id').where('status', '=', 'loading').execute();
    expect(left.map((b) => b.public_id)).toEqual(['being-read']);
    expect(await count('bulk_rows')).toBe(rowsBefore - 1);
    // The next run is the next hour's, enqueued once.
    const next = await p.deps.db.selectFrom('jobs').select(['run_at']).where('name', '=', BULK_CLEANUP_JOB).execute();
    expect(next).toEqual([{ run_at: new Date('2025-01-15T11:00:00Z') }]);
    await p.deps.db.deleteFrom('bulk_batches').where('public_id', '=', 'being-read').execute();
  });

  it('lets the event loop turn between slices of a large file (on PGlite nothing else would wait on I/O)', async () => {
    let turns = 0;
    let reading = true;
    const turn = () => {
      if (!reading) return;
      turns++;
      setImmediate(turn);
    };
    setImmediate(turn);
    const res = await upload(issuer, badgeId, csv(3_000, 'boucle'));
    reading = false;
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rows: 3_000, valid: 3_000 });
    // Six slices of 500 rows: the loop turned between each (and more on PostgreSQL, waiting on the network).
    expect(turns).toBeGreaterThanOrEqual(6);
  });
});
