// (d) An application to a badge held by 10,000 people (BENCH_HOLDERS): how soon it is in every
// examiner's list (the pool is a query: nothing is copied per examiner), how long the fan-out
// takes to queue one mail per examiner (target: all queued within 60 s), and how fast those mails
// then leave (each re-checks, when it leaves, that the application still awaits that examiner).
// PGlite in a temporary data folder, and PostgreSQL too when BENCH_DATABASE_URL is set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { userRowToActor } from '../src/accounts/accounts';
import { createUser } from '../src/accounts/accounts.service';
import { findUserBySignInEmail } from '../src/accounts/accounts.repository';
import { createApplication } from '../src/applications/applications.service';
import { listMyReviews } from '../src/applications/reviews.service';
import { awardCredential, cliActor } from '../src/awards/awards.service';
import { createBadgeFromCli } from '../src/badges/badges.service';
import { loadConfig } from '../src/config';
import { refreshStatistics } from '../src/db/maintenance';
import { runNextJob } from '../src/jobs/worker';
import { createOrganizationForOwnerEmail } from '../src/organizations/organizations.service';
import { openPlatform } from '../src/platform/runtime';
import { freshPostgres, line, record } from './lib';

const HOLDERS = Number(process.env.BENCH_HOLDERS ?? 10_000);
const MAILS_SENT = Number(process.env.BENCH_REVIEW_MAILS ?? 300);


const ms = (t: number) => `${t < 10 ? t.toFixed(1) : Math.round(t)} ms`;

async function run(engine: 'pglite' | 'postgres'): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-bench-reviews-'));
  const pgdb = engine === 'postgres' ? await freshPostgres(process.env.BENCH_DATABASE_URL!, `blason_bench_reviews_${process.pid}`) : undefined;
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'warn', BASE_URL: 'http://localhost:3000', ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) });
  const platform = await openPlatform(config);
  const { deps } = platform;
  const { db } = deps;
  try {
    await createUser(deps, { email: 'owner@bench.example', password: 'correct horse battery', verified: true });
    const { slug } = await createOrganizationForOwnerEmail(deps, { name: 'Communotic', ownerEmail: 'owner@bench.example' });
    const badge = await createBadgeFromCli(deps, {
      slug,
      body: {
        name: 'Référent(e) outils numériques pédagogiques',
        description: 'Intègre et met en œuvre les outils numériques.',
        criteria: { narrative: 'Montrer les outils mis en œuvre.' },
        blason: { status: 'published', review: { mode: 'holders', quorum: 2 } },
      },
    });
    // One real, signed credential; the other holders' rows copy its signed forms (the pool query
    // reads addresses, states and dates, not signatures) with their own address and status index.
    const owner = await cliActor(deps, slug);
    const first = await awardCredential(deps, owner, badge.publicId, { recipient: { email: 'holder0@bench.example' } });
    const t0 = performance.now();
    await sql`
      INSERT INTO users (public_id, display_name, locale, created_at, updated_at)
      SELECT 'h' || lpad(i::text, 15, '0'), 'Holder ' || i, CASE WHEN i % 3 = 0 THEN 'en' ELSE 'fr' END, now(), now()
      FROM generate_series(0, ${HOLDERS - 1}) AS i`.execute(db);
    await sql`
      INSERT INTO user_emails (user_id, email, is_primary, verified_at, created_at)
      SELECT u.id, 'holder' || substr(u.public_id, 2)::int || '@bench.example', true, now(), now()
      FROM users u WHERE u.public_id LIKE 'h%'`.execute(db);
    await sql`
      INSERT INTO credentials (public_id, badge_id, badge_version, organization_id, recipient_kind, recipient_email, salt, evidence,
        issued_at, valid_from, state, accepted_at, status_list_id, status_list_index, document, jwt, created_at)
      SELECT 'c' || lpad(i::text, 15, '0'), c.badge_id, c.badge_version, c.organization_id, 'email', 'holder' || i || '@bench.example', c.salt, c.evidence,
        c.issued_at, c.valid_from, 'accepted', now(), c.status_list_id, 100 + i, c.document, c.jwt, now()
      FROM credentials c, generate_series(1, ${HOLDERS - 1}) AS i
      WHERE c.public_id = ${first.id}`.execute(db);
    await db.updateTable('credentials').set({ state: 'accepted' }).where('public_id', '=', first.id).execute();
    // 10,000 holders arrive over months, not in one statement: by then the statistics have been
    // refreshed (hourly `db.analyze` job, autovacuum on PostgreSQL, end of each bulk batch). With
    // the statistics of an empty table the planner scans per examiner: 90 s instead of 0.5 s.
    if (!process.env.BENCH_STALE_STATISTICS) await refreshStatistics(db);
    const setup = performance.now() - t0;

    await createUser(deps, { email: 'applicant@bench.example', password: 'correct horse battery', verified: true });
    const applicant = userRowToActor((await findUserBySignInEmail(db, 'applicant@bench.example'))!);
    const holder = userRowToActor((await findUserBySignInEmail(db, `holder${Math.floor(HOLDERS / 2)}@bench.example`))!);
    while (await runNextJob(deps, platform.handlers, 'bench')); // the first holder's claim mail
    const jobsBefore = Number((await db.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

    const t1 = performance.now();
    const application = await createApplication(deps, applicant, badge.publicId, { narrative: 'Ma demande.', submit: true });
    const submitted = performance.now() - t1;
    const t2 = performance.now();
    const list = await listMyReviews(deps, holder);
    const listed = performance.now() - t2;
    if (!list.items.some((i) => i.application.id === application.id)) throw new Error('The application is not in the holder’s list');
    const copied = Number((await db.selectFrom('verdicts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

    // The fan-out job (the one job the submission enqueued), run as a worker would.
    const t3 = performance.now();
    await runNextJob(deps, platform.handlers, 'bench');
    const fanout = performance.now() - t3;
    const queued = Number((await db.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n')).where('name', '=', 'mail.send').where('status', '=', 'queued').executeTakeFirstOrThrow()).n);
    const jobsAfter = Number((await db.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

    // Mails leaving, each re-checked (outbox transport: no SMTP round trip in the figure).
    const t4 = performance.now();
    for (let i = 0; i < MAILS_SENT; i++) await runNextJob(deps, platform.handlers, 'bench');
    const sending = performance.now() - t4;
    const sent = Number((await db.selectFrom('mails').select((eb) => eb.fn.countAll<string>().as('n')).where('subject', 'like', 'New application%').executeTakeFirstOrThrow()).n) +
      Number((await db.selectFrom('mails').select((eb) => eb.fn.countAll<string>().as('n')).where('subject', 'like', 'Nouvelle demande%').executeTakeFirstOrThrow()).n);

    console.log(`  ${engine}, ${HOLDERS.toLocaleString('en')} holders (set up in ${(setup / 1000).toFixed(1)} s)`);
    line('  submit (application stored, fan-out job enqueued)', ms(submitted));
    line('  a holder’s review list, right after', ms(listed), `(${list.total} to review; rows copied per examiner: ${copied})`);
    line('  fan-out: one mail job per examiner, queued', ms(fanout), `${queued.toLocaleString('en')} mails; target ≤ 60 s ${fanout <= 60_000 && queued >= HOLDERS ? '✓' : '✗'}`);
    line('  jobs created by the application, all told', (jobsAfter - jobsBefore).toLocaleString('en'));
    line(`  first ${MAILS_SENT} mails sent (re-checked, outbox)`, `${(sent / (sending / 1000)).toFixed(0)}/s`, `(${sent} sent in ${(sending / 1000).toFixed(1)} s)`);
    record({ [`reviews.${engine}.submitMs`]: submitted, [`reviews.${engine}.listMs`]: listed, [`reviews.${engine}.fanoutMs`]: fanout, [`reviews.${engine}.mailsPerSecond`]: sent / (sending / 1000) });
  } finally {
    await platform.close();
    await pgdb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// BENCH_ENGINES=postgres (or pglite) runs one engine only.
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
if (engines.includes('pglite')) await run('pglite');
if (process.env.BENCH_DATABASE_URL && engines.includes('postgres')) await run('postgres');
