// Bulk awarding in the browser, without JavaScript: the upload form on the badge page (staff only),
// the preview with translated row errors and the confirm button, the progress page (meta refresh,
// <progress>, cancel), and the issued credentials listed once done.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, communiquer, createBadge, createOrganization } from '../helpers/awards';
import type { FormAgent } from '../helpers/forms';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser, signedInAgent } from '../helpers/users';

function multipart(name: string, filename: string, data: string) {
  const boundary = `----blason${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(data),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('bulk awarding pages', () => {
  let p: TestPlatform;
  let issuer: TestUser;
  let reviewer: TestUser;
  let badgeId = '';
  let agent: FormAgent;
  const now = new Date('2025-01-15T10:00:00Z');
  const file = 'email;nom;niveau\nada@example.org;Ada;II\nbob@example.org;Bob;III\ncy@example.org;Cy;\n';

  /** Posts the file as the badge page's form does (multipart; the CSRF token rides in the URL). */
  async function uploadForm(data: string, filename = 'promo.csv') {
    await agent.get(`/badges/${badgeId}`);
    const body = multipart('file', filename, data);
    const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await p.app.inject({
      method: 'POST',
      url: `/badges/${badgeId}/bulk?_csrf=${encodeURIComponent(agent.csrf ?? '')}`,
      headers: { cookie, 'content-type': body.contentType },
      payload: body.payload,
    });
    for (const c of res.cookies as { name: string; value: string }[]) agent.cookies.set(c.name, c.value);
    return res;
  }

  beforeAll(async () => {
    p = await testPlatform({ clock: { now: () => now } });
    const owner = await createTestUser(p, { email: 'owner@region.example' });
    issuer = await createTestUser(p, { email: 'issuer@region.example', locale: 'en' });
    reviewer = await createTestUser(p, { email: 'reviewer@region.example' });
    const slug = await createOrganization(p, owner, 'Région Normandie');
    await addMember(p, slug, issuer, ['issuer']);
    await addMember(p, slug, reviewer, ['reviewer']);
    badgeId = await createBadge(p, owner, slug, communiquer);
    agent = signedInAgent(p, issuer);
  });
  afterAll(async () => {
    await p.close();
  });

  it('shows the upload form on the badge page to staff who may award it, not to reviewers', async () => {
    const page = await agent.get(`/badges/${badgeId}`);
    expect(page.body).toContain('Award from a CSV file');
    expect(page.body).toMatch(new RegExp(`action="/badges/${badgeId}/bulk\\?_csrf=[^"]+"`));
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toMatch(/<label for="f-file">CSV file/);
    const other = await signedInAgent(p, reviewer).get(`/badges/${badgeId}`);
    expect(other.body).not.toContain('/bulk?_csrf=');
    expect((await signedInAgent(p, reviewer).get(`/badges/${badgeId}/bulk`)).statusCode).toBe(403);
  });

  let batchUrl = '';

  it('uploads, then shows the preview with the rows in error and the confirm button; nothing issued', async () => {
    const res = await uploadForm(file);
    expect(res.statusCode, res.body).toBe(303);
    batchUrl = String(res.headers.location);
    expect(batchUrl).toMatch(/^\/bulk\/[a-z2-9]{16}$/);
    const page = await agent.get(batchUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Import preview');
    expect(page.body).toContain('File: promo.csv');
    expect(page.body).toContain('3 rows: 2 valid, 1 with errors.');
    expect(page.body).toMatch(/<td>3<\/td><td>bob@example.org<\/td><td><ul class="plain"><li>Unknown level for this badge.<\/li>/);
    expect(page.body).toContain('Issue 2 credentials');
    expect(page.body).not.toContain("data-refresh");
    expect(page.body).not.toContain('<progress');
    const count = await p.deps.db.selectFrom('credentials').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('sends the same file back to its batch, and shows a file error next to the field', async () => {
    const again = await uploadForm(file, 'copie.csv');
    expect(again.headers.location).toBe(batchUrl);
    expect((await agent.get(batchUrl)).body).toContain('This file had already been uploaded for this badge');
    const bad = await uploadForm('nom;niveau\nAda;I\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toMatch(/id="f-file-error">The first line must name the columns/);
    const empty = await uploadForm('');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Choose a CSV file.');
  });

  it('confirms: the progress page refreshes itself, with a progress bar and a cancel button; then lists the credentials', async () => {
    await agent.get(batchUrl);
    const confirmed = await agent.post(`${batchUrl}/confirm`);
    expect(confirmed.statusCode).toBe(303);
    const running = await agent.get(batchUrl);
    expect(running.body).toContain('Awarding has started.');
    expect(running.body).toContain('data-refresh="2000"');
    expect(running.body).toContain('<script src="/assets/refresh.js" defer>');
    expect(running.body).toMatch(/<progress id="bulk-progress" max="2" value="0">0 of 2 credentials issued<\/progress>/);
    expect(running.body).toContain(`action="${batchUrl}/cancel"`);
    await p.drain();
    const done = await agent.get(batchUrl);
    expect(done.body).not.toContain("data-refresh");
    expect(done.body).toContain('<strong>Done</strong>');
    expect(done.body).toMatch(/<progress id="bulk-progress" max="2" value="2">2 of 2 credentials issued<\/progress>/);
    const links = [...done.body.matchAll(/<a href="(\/credentials\/[a-z2-9]{16})">/g)].map((m) => m[1]);
    expect(links).toHaveLength(2);
    expect((await agent.get(links[0]!)).statusCode).toBe(200);
    expect(done.body).not.toContain(`action="${batchUrl}/cancel"`);
  });

  it('cancels a running import from its page', async () => {
    const res = await uploadForm('email\ndan@example.org\n', 'dan.csv');
    const url = String(res.headers.location);
    await agent.get(url);
    await agent.post(`${url}/confirm`);
    await agent.get(url);
    const cancelled = await agent.post(`${url}/cancel`);
    expect(cancelled.statusCode).toBe(303);
    const page = await agent.get(url);
    expect(page.body).toContain('The import is cancelled; credentials already issued remain.');
    expect(page.body).toContain('<strong>Cancelled</strong>');
    expect(page.body).toContain('Resume awarding');
  });

  it('keeps the batch page to staff: sign-in for strangers to the session, 403 for reviewers', async () => {
    expect((await p.app.inject({ url: batchUrl })).statusCode).toBe(303);
    expect((await signedInAgent(p, reviewer).get(batchUrl)).statusCode).toBe(403);
    const forged = await p.app.inject({ method: 'POST', url: `${batchUrl}/confirm`, headers: { cookie: `blason_session=${issuer.session}` } });
    expect(forged.statusCode).toBe(403); // no CSRF token
  });
});
