// Mail delivery end to end: enqueue in a transaction → worker → real SMTP peer (or the outbox),
// recorded once in `mails`, with a Message-ID derived from the job.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n';
import { jobHandlers } from '../../src/jobs/handlers';
import { drainJobs, type JobHandlers } from '../../src/jobs/worker';
import { messageIdForJob } from '../../src/mail/mail';
import { MAIL_JOB, enqueueMail } from '../../src/mail/mail.service';
import { defineMail } from '../../src/mail/template';
import { createMailTransport, type MailTransport } from '../../src/mail/transport';
import type { Locale } from '../../src/i18n';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type SmtpPeer, startSmtpPeer } from '../helpers/smtp';

// A template for these tests only, given to the handler instead of the production registry.
const TEMPLATE = 'test.greeting';
const greeting = defineMail<{ name: string }>((t, params) => ({
  subject: `${t('nav.account')} — ${params.name}`,
  paragraphs: [t('home.signedIn', { name: params.name })],
  action: { label: t('nav.signIn'), url: 'https://blason.example/signin?next=%2F' },
  note: t('app.tagline'),
}));
const templates = (name: string) => (name === TEMPLATE ? (greeting as never) : undefined);

function sendGreeting(db: Kysely<DB>, to: string, locale: Locale, name: string): Promise<string> {
  return enqueueMail(db, { to, locale, template: TEMPLATE as never, params: { name } as never });
}

describe('mail delivery', () => {
  let p: TestPlatform;
  let now = new Date(Date.now() + 1000);
  const transports: MailTransport[] = [];
  const peers: SmtpPeer[] = [];

  function handlers(smtpUrl: string | undefined): JobHandlers {
    const mail = createMailTransport({ smtpUrl });
    transports.push(mail);
    return jobHandlers({ mail, templates });
  }
  async function peer(port?: number): Promise<SmtpPeer> {
    const started = await startSmtpPeer(port ? { port } : {});
    peers.push(started);
    return started;
  }
  const job = (id: string) => p.deps.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const mailsOf = (jobId: string) => p.deps.db.selectFrom('mails').selectAll().where('job_id', '=', jobId).execute();

  beforeAll(async () => {
    p = await testPlatform({ clock: { now: () => now } });
  });
  beforeEach(() => {
    now = new Date(now.getTime() + 60_000);
  });
  afterAll(async () => {
    for (const t of transports) t.close();
    await Promise.all(peers.map((x) => x.close()));
    await p.close();
  });

  it('sends a committed mail once over SMTP, in the recipient’s language, text and HTML, with the job’s Message-ID', async () => {
    const smtp = await peer();
    const [enId, frId] = await p.deps.db.transaction().execute(async (trx) => [
      await sendGreeting(trx, 'ann@example.org', 'en', 'Ann'),
      await sendGreeting(trx, 'bea@example.org', 'fr', 'Béa'),
    ]);
    const h = handlers(smtp.url);
    expect(await drainJobs(p.deps, h)).toBe(2);
    expect(await drainJobs(p.deps, h)).toBe(0);

    expect(smtp.messages).toHaveLength(2);
    const en = await smtp.waitFor((m) => m.to === 'ann@example.org');
    const fr = await smtp.waitFor((m) => m.to === 'bea@example.org');
    const tEn = translator('en');
    const tFr = translator('fr');
    expect(en.subject).toBe(`${tEn('nav.account')} — Ann`);
    expect(fr.subject).toBe(`${tFr('nav.account')} — Béa`);
    expect(en.text).toContain(tEn('home.signedIn', { name: 'Ann' }));
    expect(en.text).toContain(`${tEn('nav.signIn')}: https://blason.example/signin?next=%2F`);
    expect(en.text).toContain(tEn('mail.footer'));
    expect(fr.text).toContain(tFr('mail.footer'));
    expect(en.html).toContain('<html lang="en">');
    expect(fr.html).toContain('<html lang="fr">');
    expect(en.html).toContain('href="https://blason.example/signin?next=%2F"');
    expect(en.headers['auto-submitted']).toBe('auto-generated');

    const enJob = await job(enId!);
    expect(enJob.status).toBe('done');
    expect(en.messageId).toBe(messageIdForJob({ id: enId!, createdAt: enJob.created_at }, p.deps.config.baseUrl));
    expect(en.messageId).not.toBe(fr.messageId);
    const [record] = await mailsOf(enId!);
    expect(record).toMatchObject({ transport: 'smtp', to_address: 'ann@example.org', message_id: en.messageId, subject: en.subject });
    expect(record!.text_body).toBe(en.text.trimEnd());
    expect(await mailsOf(frId!)).toHaveLength(1);
  });

  it('keeps the mail in the outbox when no SMTP server is configured', async () => {
    const id = await sendGreeting(p.deps.db, 'cy@example.org', 'en', 'Cy');
    expect(await drainJobs(p.deps, handlers(undefined))).toBe(1);
    const [record] = await mailsOf(id);
    expect(record).toMatchObject({ transport: 'outbox', to_address: 'cy@example.org', subject: `${translator('en')('nav.account')} — Cy` });
    expect(record!.html_body).toContain('Hello Cy.');
    expect((await job(id)).status).toBe('done');
  });

  it('sends nothing when the transaction that enqueued the mail rolls back', async () => {
    const before = await p.deps.db.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await expect(
      p.deps.db.transaction().execute(async (trx) => {
        await sendGreeting(trx, 'dan@example.org', 'fr', 'Dan');
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const after = await p.deps.db.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await drainJobs(p.deps, handlers(undefined))).toBe(0);
    expect(await p.deps.db.selectFrom('mails').select('id').where('to_address', '=', 'dan@example.org').execute()).toHaveLength(0);
  });

  it('retries with backoff while the SMTP server is down, and sends once it is back', async () => {
    const first = await peer();
    const { port, url } = first;
    await first.close();
    const h = handlers(url);
    const id = await sendGreeting(p.deps.db, 'eve@example.org', 'en', 'Eve');

    expect(await drainJobs(p.deps, h)).toBe(1);
    const failed = await job(id);
    expect(failed).toMatchObject({ status: 'queued', attempts: 1 });
    expect(failed.run_at.getTime()).toBe(now.getTime() + 5_000);
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(await mailsOf(id)).toHaveLength(0);
    expect(await drainJobs(p.deps, h)).toBe(0); // not before the backoff

    const back = await peer(port);
    now = new Date(now.getTime() + 5_000);
    expect(await drainJobs(p.deps, h)).toBe(1);
    const sent = await back.waitFor((m) => m.to === 'eve@example.org');
    expect(back.messages).toHaveLength(1);
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 2, last_error: null });
    const [record] = await mailsOf(id);
    expect(record!.message_id).toBe(sent.messageId);
  });

  it('does not send again a mail already recorded; a resend after a lost record keeps the Message-ID', async () => {
    const smtp = await peer();
    const h = handlers(smtp.url);
    const id = await sendGreeting(p.deps.db, 'fay@example.org', 'fr', 'Fay');
    await drainJobs(p.deps, h);
    expect(smtp.messages).toHaveLength(1);
    const row = await job(id);
    const context = { id, attempts: 2, createdAt: row.created_at };

    await h[MAIL_JOB]!(p.deps, row.payload, context);
    expect(smtp.messages).toHaveLength(1);
    expect(await mailsOf(id)).toHaveLength(1);

    // The worker died after sending but before recording: the retry sends with the same Message-ID.
    await p.deps.db.deleteFrom('mails').where('job_id', '=', id).execute();
    await h[MAIL_JOB]!(p.deps, row.payload, context);
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.messages[1]!.messageId).toBe(smtp.messages[0]!.messageId);
  });

  it('escapes parameters in the HTML part and keeps them out of the headers', async () => {
    const smtp = await peer();
    const id = await sendGreeting(p.deps.db, 'gus@example.org', 'en', '<script>alert(1)</script>\r\nBcc: evil@example.org');
    await drainJobs(p.deps, handlers(smtp.url));
    const received = await smtp.waitFor((m) => m.to === 'gus@example.org');
    expect(received.html).not.toContain('<script>');
    expect(received.html).toContain('Hello &lt;script>alert(1)&lt;/script>'); // a text node: escaping < is enough
    expect(received.recipients).toEqual(['gus@example.org']);
    expect(received.headers.bcc).toBeUndefined();
    const [record] = await mailsOf(id);
    expect(record!.html_body).not.toContain('<script>');
    expect(record!.html_body).toContain('&lt;script>');
  });

  it('fails at once, without retrying, a mail whose template does not exist or whose payload is malformed', async () => {
    const h = handlers(undefined);
    const unknown = await enqueueMail(p.deps.db, {
      to: 'hal@example.org',
      locale: 'fr',
      template: 'nope' as never,
      params: {} as never,
    });
    const [malformed] = await p.deps.db
      .insertInto('jobs')
      .values({ name: MAIL_JOB, payload: JSON.stringify({ to: 'x@example.org' }) })
      .returning('id')
      .execute();
    expect(await drainJobs(p.deps, h)).toBe(2);
    expect(await job(unknown)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await job(unknown)).last_error).toContain('Unknown mail template nope');
    expect(await job(malformed!.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });
});
