// Administration pages and API: access (admins only), overview, the outbox, one mail shown
// safely, failed jobs and their retry (form with CSRF, and API with a token).
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createSession } from '../../src/accounts/auth.repository';
import type { DB } from '../../src/db/schema';
import { PermanentJobError } from '../../src/jobs/jobs';
import { enqueue } from '../../src/jobs/queue';
import { drainJobs } from '../../src/jobs/worker';
import { mailMode } from '../../src/mail/transport';
import { publicId } from '../../src/platform/tokens';
import { type TestPlatform, testPlatform } from '../helpers/platform';

interface TestUser {
  id: string;
  cookie: string;
  bearer: string;
}

async function createUser(db: Kysely<DB>, email: string, isAdmin: boolean, locale: 'fr' | 'en' = 'fr'): Promise<TestUser> {
  const user = await db
    .insertInto('users')
    .values({ public_id: publicId(), display_name: email.split('@')[0]!, is_admin: isAdmin, locale })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('user_emails').values({ user_id: user.id, email, is_primary: true, verified_at: new Date() }).execute();
  const session = await createSession(db, user.id, new Date(Date.now() + 86_400_000), null);
  const { token } = await createApiToken(db, user.id, 'tests');
  return { id: user.id, cookie: `blason_session=${session}`, bearer: `Bearer ${token}` };
}

/** GETs a page with a form and returns what a browser would post back: cookies and the CSRF token. */
async function formState(p: TestPlatform, url: string, cookie: string): Promise<{ cookie: string; csrf: string }> {
  const res = await p.app.inject({ url, headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
  const setCookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const csrfCookie = setCookies.map((c) => c.split(';')[0]!).find((c) => c.startsWith('_csrf='));
  if (!csrf || !csrfCookie) throw new Error(`no CSRF token on ${url}`);
  return { cookie: `${cookie}; ${csrfCookie}`, csrf };
}

describe('administration', () => {
  let p: TestPlatform;
  let admin: TestUser;
  let adminEn: TestUser;
  let member: TestUser;
  let failedJob: string;

  beforeAll(async () => {
    p = await testPlatform();
    admin = await createUser(p.deps.db, 'root@example.org', true);
    member = await createUser(p.deps.db, 'member@example.org', false);
    adminEn = await createUser(p.deps.db, 'ops@example.org', true, 'en');
    await p.deps.db.insertInto('organizations').values({ slug: 'campus', name: 'Campus' }).execute();
    const base = Date.UTC(2030, 0, 1);
    await p.deps.db
      .insertInto('mails')
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          message_id: `<m${i + 1}@test>`,
          to_address: `person${i + 1}@example.org`,
          subject: `Subject ${i + 1}`,
          text_body: i === 29 ? 'Hello <b>you</b>\nsecond line' : 'text',
          html_body: i === 29 ? '<p>Hi</p><script>alert("x")</script><img src=x onerror=alert(1)>' : '<p>html</p>',
          transport: i % 2 === 0 ? ('outbox' as const) : ('smtp' as const),
          created_at: new Date(base + i * 60_000),
        })),
      )
      .execute();
    failedJob = (await enqueue(p.deps.db, 'test.broken', {}))!;
    await enqueue(p.deps.db, 'test.later', {}, { runAt: new Date(Date.now() + 3_600_000) });
    await drainJobs(p.deps, {
      'test.broken': async () => {
        throw new PermanentJobError('the <thing> is gone');
      },
    });
  });
  afterAll(async () => {
    await p.close();
  });

  it('sends signed-out people to sign in, and refuses everyone but platform administrators', async () => {
    for (const url of ['/admin', '/admin/mails', '/admin/mails/1', '/admin/jobs']) {
      const anonymous = await p.app.inject({ url });
      expect(anonymous.statusCode, url).toBe(303);
      expect(anonymous.headers.location).toBe(`/signin?back=${encodeURIComponent(url)}`);
      const forbidden = await p.app.inject({ url, headers: { cookie: member.cookie } });
      expect(forbidden.statusCode, url).toBe(403);
      expect(forbidden.body).toContain('Cette page est réservée aux administrateurs de la plateforme.');
    }
    expect((await p.app.inject({ url: '/api/v1/admin/mails' })).statusCode).toBe(401);
    for (const [method, url] of [
      ['GET', '/api/v1/admin/overview'],
      ['GET', '/api/v1/admin/mails'],
      ['GET', '/api/v1/admin/mails/1'],
      ['GET', '/api/v1/admin/jobs'],
      ['POST', `/api/v1/admin/jobs/${failedJob}/retry`],
    ] as const) {
      const res = await p.app.inject({ method, url, headers: { authorization: member.bearer } });
      expect(res.statusCode, url).toBe(403);
    }
    expect((await p.app.inject({ url: '/admin', headers: { cookie: admin.cookie } })).statusCode).toBe(200);
  });

  it('shows the overview: accounts, organisations, jobs, mails and the mail mode', async () => {
    const res = await p.app.inject({ url: '/admin', headers: { cookie: admin.cookie } });
    const figure = (key: string) => new RegExp(`data-figure="${key}">(\\d+)<`).exec(res.body)?.[1];
    expect(figure('admin.overview.users')).toBe('3');
    expect(figure('admin.overview.organizations')).toBe('1');
    expect(figure('admin.overview.mails')).toBe('30');
    expect(figure('admin.overview.jobsQueued')).toBe('1');
    expect(figure('admin.overview.jobsRunning')).toBe('0');
    expect(figure('admin.overview.jobsFailed')).toBe('1');
    expect(res.body).toContain('Aucun serveur SMTP n’est configuré');
    expect(res.body).toContain('href="/admin/jobs"');

    const api = await p.app.inject({ url: '/api/v1/admin/overview', headers: { authorization: admin.bearer } });
    expect(api.json()).toEqual({
      users: 3,
      organizations: 1,
      mails: 30,
      jobs: { queued: 1, running: 0, done: 0, failed: 1 },
      mailMode: { kind: 'outbox' },
    });
    // SMTP credentials are never shown.
    expect(mailMode({ smtpUrl: 'smtp://user:s3cret@mail.example.org:2525' })).toEqual({
      kind: 'smtp',
      server: 'smtp://mail.example.org:2525',
    });
    expect(mailMode({ smtpUrl: 'smtps://mail.example.org' })).toEqual({ kind: 'smtp', server: 'smtps://mail.example.org:465' });
  });

  it('lists the outbox newest first, 25 a page, in the reader’s language', async () => {
    const first = await p.app.inject({ url: '/admin/mails', headers: { cookie: admin.cookie } });
    expect(first.statusCode).toBe(200);
    const subjects = [...first.body.matchAll(/<a href="\/admin\/mails\/\d+">(Subject \d+)<\/a>/g)].map((m) => m[1]);
    expect(subjects).toHaveLength(25);
    expect(subjects[0]).toBe('Subject 30');
    expect(subjects[24]).toBe('Subject 6');
    expect(first.body).toContain('person30@example.org');
    expect(first.body).toContain('Boîte d’envoi locale');
    expect(first.body).toContain('Page 1 sur 2 (30 au total)');
    expect(first.body).toContain('href="/admin/mails?page=2"');

    const second = await p.app.inject({ url: '/admin/mails?page=2', headers: { cookie: adminEn.cookie } });
    const rest = [...second.body.matchAll(/>(Subject \d+)<\/a>/g)].map((m) => m[1]);
    expect(rest).toEqual(['Subject 5', 'Subject 4', 'Subject 3', 'Subject 2', 'Subject 1']);
    expect(second.body).toContain('Local outbox');
    expect(second.body).toContain('Page 2 of 2 (30 in all)');

    const bad = await p.app.inject({ url: '/admin/mails?page=zero', headers: { cookie: admin.cookie } });
    expect(bad.statusCode).toBe(400);

    const api = await p.app.inject({ url: '/api/v1/admin/mails?limit=2&offset=1', headers: { authorization: admin.bearer } });
    const body = api.json();
    expect(body).toMatchObject({ total: 30, limit: 2, offset: 1 });
    expect(body.items.map((m: { subject: string }) => m.subject)).toEqual(['Subject 29', 'Subject 28']);
    expect(body.items[0]).toMatchObject({ to: 'person29@example.org', transport: 'outbox', messageId: '<m29@test>' });
    expect(body.items[1]).toMatchObject({ to: 'person28@example.org', transport: 'smtp' });
    expect(body.items[0].createdAt).toBe(new Date(Date.UTC(2030, 0, 1) + 28 * 60_000).toISOString());
    const tooMany = await p.app.inject({ url: '/api/v1/admin/mails?limit=5000', headers: { authorization: admin.bearer } });
    expect(tooMany.statusCode).toBe(400);
  });

  it('shows one mail: the text in pre.mail, the HTML only inside a sandboxed frame', async () => {
    const row = await p.deps.db.selectFrom('mails').select('id').where('message_id', '=', '<m30@test>').executeTakeFirstOrThrow();
    const res = await p.app.inject({ url: `/admin/mails/${row.id}`, headers: { cookie: admin.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<pre class="mail">Hello &lt;b>you&lt;/b>\nsecond line</pre>');
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<img src=x');
    const frame = /<iframe\b[\s\S]*?<\/iframe>/.exec(res.body)?.[0] ?? '';
    expect(frame).toMatch(/\ssandbox(="")?[\s>]/); // present and empty: every restriction applies
    expect(frame).toContain('srcdoc="&lt;p>Hi&lt;/p>&lt;script>alert(&quot;x&quot;)&lt;/script>');
    expect(frame).toContain('title="Aperçu de la version HTML du courriel');
    expect(res.headers['content-security-policy']).toContain("script-src 'none'");
    expect(res.body).toContain('&lt;m30@test>');

    const api = await p.app.inject({ url: `/api/v1/admin/mails/${row.id}`, headers: { authorization: admin.bearer } });
    expect(api.json()).toMatchObject({ id: row.id, subject: 'Subject 30', text: 'Hello <b>you</b>\nsecond line', jobId: null });
    expect(api.json().html).toContain('<script>');

    for (const id of ['999999', 'abc', '0', '1e3']) {
      expect((await p.app.inject({ url: `/admin/mails/${id}`, headers: { cookie: admin.cookie } })).statusCode, id).toBe(404);
      expect((await p.app.inject({ url: `/api/v1/admin/mails/${id}`, headers: { authorization: admin.bearer } })).statusCode).toBe(404);
    }
  });

  it('lists failed and pending jobs with their last error, and retries a failed one from the page', async () => {
    const page = await p.app.inject({ url: '/admin/jobs', headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<code>test.broken</code>');
    expect(page.body).toContain('PermanentJobError: the &lt;thing> is gone');
    expect(page.body).toContain('<code>test.later</code>');
    expect(page.body).toContain(`action="/admin/jobs/${failedJob}/retry"`);
    expect(page.body).toContain(`aria-label="Relancer la tâche n° ${failedJob}"`);

    const noToken = await p.app.inject({ method: 'POST', url: `/admin/jobs/${failedJob}/retry`, headers: { cookie: admin.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect((await p.deps.db.selectFrom('jobs').select('status').where('id', '=', failedJob).executeTakeFirstOrThrow()).status).toBe('failed');

    const form = await formState(p, '/admin/jobs', admin.cookie);
    const retried = await p.app.inject({
      method: 'POST',
      url: `/admin/jobs/${failedJob}/retry`,
      headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(form.csrf)}`,
    });
    expect(retried.statusCode).toBe(303);
    expect(retried.headers.location).toBe('/admin/jobs');
    const row = await p.deps.db.selectFrom('jobs').selectAll().where('id', '=', failedJob).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'queued', attempts: 0, finished_at: null });

    const flash = ([] as string[]).concat(retried.headers['set-cookie'] ?? []).find((c) => c.startsWith('blason_flash='))!;
    const after = await p.app.inject({ url: '/admin/jobs', headers: { cookie: `${admin.cookie}; ${flash.split(';')[0]}` } });
    expect(after.body).toContain('La tâche a été remise dans la file');
    expect(after.body).toContain('Aucune tâche en échec.');

    const again = await p.app.inject({
      method: 'POST',
      url: `/admin/jobs/${failedJob}/retry`,
      headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(form.csrf)}`,
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Seule une tâche en échec peut être relancée.');

    let ran = 0;
    expect(await drainJobs(p.deps, { 'test.broken': async () => void ran++ })).toBe(1);
    expect(ran).toBe(1);
  });

  it('lists jobs by status and retries a failed one through the API', async () => {
    const id = (await enqueue(p.deps.db, 'test.api-broken', {}, { maxAttempts: 1 }))!;
    await drainJobs(p.deps, {
      'test.api-broken': async () => {
        throw new Error('smtp down');
      },
    });
    const auth = { authorization: admin.bearer };
    const failed = await p.app.inject({ url: '/api/v1/admin/jobs?status=failed', headers: auth });
    expect(failed.json()).toMatchObject({ total: 1, items: [{ id, name: 'test.api-broken', status: 'failed', attempts: 1, maxAttempts: 1, lastError: 'smtp down' }] });
    const unfinished = await p.app.inject({ url: '/api/v1/admin/jobs', headers: auth });
    expect(unfinished.json().items.map((j: { status: string }) => j.status)).toEqual(['failed', 'queued']);
    expect((await p.app.inject({ url: '/api/v1/admin/jobs?status=nope', headers: auth })).statusCode).toBe(400);

    const retried = await p.app.inject({ method: 'POST', url: `/api/v1/admin/jobs/${id}/retry`, headers: auth });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id, status: 'queued', attempts: 0, finishedAt: null });
    const conflict = await p.app.inject({ method: 'POST', url: `/api/v1/admin/jobs/${id}/retry`, headers: auth });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('conflict');
    const missing = await p.app.inject({ method: 'POST', url: '/api/v1/admin/jobs/987654/retry', headers: auth });
    expect(missing.statusCode).toBe(404);

    const en = await p.app.inject({ url: '/admin/jobs', headers: { cookie: adminEn.cookie } });
    expect(en.body).toContain('<h1>Background jobs</h1>');
    expect(en.body).toContain('No failed job.');

    const doc = (await p.app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/admin/mails', '/admin/mails/{id}', '/admin/jobs', '/admin/jobs/{id}/retry']));
  });
});
