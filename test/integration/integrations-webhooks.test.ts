// Webhooks: an organisation's owners add an endpoint (https, or a local http address outside
// production); issuing, accepting, revoking and deciding enqueue its deliveries in the same
// transaction; a real local HTTP receiver checks the Standard Webhooks signature headers; a failing
// receiver gets retries through the job queue's backoff; every attempt is recorded.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVER_JOB } from '../../src/integrations/integrations.repository';
import { WEBHOOK_MAX_ATTEMPTS } from '../../src/integrations/integrations';
import { apiOf, award, addMember, createBadge, createOrganization, tutorat } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser, signedInAgent } from '../helpers/users';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 answering `status` (changeable), keeping what it received. */
async function receiver() {
  const received: Received[] = [];
  const state = { status: 200 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(state.status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/blason`;
  return { received, state, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The receiver's side of Standard Webhooks: recompute the signature with the secret. */
function signatureValid(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`).digest('base64');
  return String(r.headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

describe('webhooks', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let issuerMember: TestUser;
  let ada: TestUser;
  let slug = '';
  let badge = '';
  let hook: Awaited<ReturnType<typeof receiver>>;
  let secret = '';
  let endpointId = '';
  let now = new Date();
  const api = () => apiOf(p);
  const deliveries = async () => (await api()(owner, 'GET', `/organizations/${slug}/integrations`)).json().deliveries as Array<Record<string, unknown>>;

  beforeAll(async () => {
    p = await testPlatform({ clock: { now: () => now } });
    hook = await receiver();
    owner = await createTestUser(p, { email: 'owner@cfa.example' });
    issuerMember = await createTestUser(p, { email: 'issuer@cfa.example' });
    ada = await createTestUser(p, { email: 'ada@example.org' });
    slug = await createOrganization(p, owner, 'CFA Numérique');
    await addMember(p, slug, issuerMember, ['issuer']);
    badge = await createBadge(p, owner, slug, tutorat);
  });
  afterAll(async () => {
    await hook.close();
    await p.close();
  });

  it('is added by owners and admins only, https or local, with at least one event; its secret shown once', async () => {
    const add = (user: TestUser, body: object) => p.app.inject({ method: 'POST', url: `/api/v1/organizations/${slug}/webhooks`, headers: { authorization: `Bearer ${user.token}` }, payload: body });
    expect((await add(issuerMember, { url: hook.url, events: ['credential.issued'] })).statusCode).toBe(403);
    const http = await add(owner, { url: 'http://lms.example.org/hooks', events: ['credential.issued'] });
    expect(http.statusCode).toBe(400);
    expect(http.json().error.fields.url).toBe('L’adresse doit commencer par https://.');
    expect((await add(owner, { url: 'https://10.1.2.3/hooks', events: ['credential.issued'] })).json().error.fields.url).toBe('Cette adresse est privée : Blason ne l’appellera pas.');
    expect((await add(owner, { url: hook.url, events: [] })).statusCode).toBe(400);
    expect((await add(owner, { url: hook.url, events: ['credential.exploded'] })).statusCode).toBe(400);
    const res = await add(owner, { url: hook.url, events: ['credential.issued', 'credential.accepted', 'credential.revoked', 'application.decided'] });
    expect(res.statusCode, res.body).toBe(201);
    secret = res.json().secret;
    endpointId = res.json().id;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const stored = await p.deps.db.selectFrom('webhook_endpoints').select('encrypted_secret').where('public_id', '=', endpointId).executeTakeFirstOrThrow();
    expect(stored.encrypted_secret).not.toContain(secret.slice(6));
    const listed = await api()(owner, 'GET', `/organizations/${slug}/integrations`);
    expect(listed.json().endpoints).toEqual([{ id: endpointId, url: hook.url, events: ['credential.issued', 'credential.accepted', 'credential.revoked', 'application.decided'], active: true, createdAt: expect.any(String) }]);
    expect(listed.body).not.toContain(secret);
  });

  it('delivers credential.issued, signed, once; then accepted and revoked', async () => {
    const { id } = await award(p, owner, badge, { recipient: { email: ada.email } });
    // Enqueued with the credential, in its transaction: one delivery, one job.
    expect(await deliveries()).toMatchObject([{ eventType: 'credential.issued', eventId: `msg_${id}_issued`, status: 'pending', attempts: 0 }]);
    await p.drain();
    expect(hook.received).toHaveLength(1);
    const [first] = hook.received;
    expect(first!.headers['content-type']).toBe('application/json');
    expect(first!.headers['webhook-id']).toBe(`msg_${id}_issued`);
    expect(Number(first!.headers['webhook-timestamp'])).toBe(Math.floor(now.getTime() / 1000));
    expect(signatureValid(secret, first!)).toBe(true);
    expect(signatureValid('whsec_' + Buffer.alloc(32, 1).toString('base64'), first!)).toBe(false);
    const event = JSON.parse(first!.body);
    expect(event).toMatchObject({
      type: 'credential.issued',
      timestamp: now.toISOString(),
      data: { id, url: `http://localhost:3000/credentials/${id}`, organization: slug, badge, recipient: { email: ada.email }, state: 'pending' },
    });
    expect(await deliveries()).toMatchObject([{ status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null }]);

    expect((await api()(ada, 'POST', `/credentials/${id}/accept`)).statusCode).toBe(200);
    const revoked = await p.app.inject({ method: 'POST', url: `/api/v1/credentials/${id}/revoke`, headers: { authorization: `Bearer ${owner.token}` }, payload: { reason: 'Erreur de saisie' } });
    expect(revoked.statusCode, revoked.body).toBe(200);
    await p.drain();
    const types = hook.received.map((r) => JSON.parse(r.body));
    expect(types.map((e) => e.type)).toEqual(['credential.issued', 'credential.accepted', 'credential.revoked']);
    expect(types[2].data).toMatchObject({ id, revocationReason: 'Erreur de saisie', state: 'accepted' });
    expect(hook.received.every((r) => signatureValid(secret, r))).toBe(true);
  });

  it('retries a failing receiver with the queue’s backoff, recording every attempt', async () => {
    hook.state.status = 500;
    const before = hook.received.length;
    const { id } = await award(p, owner, badge, { recipient: { email: 'grace@example.org' } });
    await p.drain();
    expect(hook.received.length).toBe(before + 1);
    const job = () => p.deps.db.selectFrom('jobs').selectAll().where('name', '=', DELIVER_JOB).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(await job()).toMatchObject({ status: 'queued', attempts: 1, max_attempts: WEBHOOK_MAX_ATTEMPTS });
    expect((await deliveries())[0]).toMatchObject({ eventId: `msg_${id}_issued`, status: 'retrying', attempts: 1, lastStatusCode: 500, lastError: 'answered 500' });
    // Not before its time: nothing runs now.
    await p.drain();
    expect(hook.received.length).toBe(before + 1);
    now = new Date(now.getTime() + 6_000);
    await p.drain();
    expect(hook.received.length).toBe(before + 2);
    expect((await deliveries())[0]).toMatchObject({ status: 'retrying', attempts: 2 });
    hook.state.status = 204;
    now = new Date(now.getTime() + 11_000);
    await p.drain();
    expect(hook.received.length).toBe(before + 3);
    // The same event id on every attempt (receivers deduplicate on it), a fresh timestamp and signature.
    const attempts = hook.received.slice(before);
    expect(new Set(attempts.map((r) => r.headers['webhook-id']))).toEqual(new Set([`msg_${id}_issued`]));
    expect(attempts.every((r) => signatureValid(secret, r))).toBe(true);
    expect((await deliveries())[0]).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 204 });
    expect((await job()).status).toBe('done');
  });

  it('gives up after the last attempt: the delivery is failed, the job ends', async () => {
    hook.state.status = 503;
    await award(p, owner, badge, { recipient: { email: 'linus@example.org' } });
    for (let i = 0; i < WEBHOOK_MAX_ATTEMPTS; i++) {
      await p.drain();
      now = new Date(now.getTime() + 3_600_000);
    }
    expect((await deliveries())[0]).toMatchObject({ status: 'failed', attempts: WEBHOOK_MAX_ATTEMPTS, lastStatusCode: 503 });
    expect((await p.deps.db.selectFrom('jobs').select('status').where('name', '=', DELIVER_JOB).orderBy('id', 'desc').executeTakeFirstOrThrow()).status).toBe('done');
    hook.state.status = 200;
  });

  it('sends a test event on request, from the page (no JavaScript) as from the API', async () => {
    const before = hook.received.length;
    const agent = signedInAgent(p, owner);
    const page = await agent.get(`/organizations/${slug}/integrations`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(hook.url);
    const sent = await agent.post(`/organizations/${slug}/integrations/webhooks/${endpointId}/test`, {});
    expect(sent.statusCode).toBe(303);
    expect((await api()(owner, 'POST', `/organizations/${slug}/webhooks/${endpointId}/test`)).statusCode).toBe(202);
    await p.drain();
    const tests = hook.received.slice(before).map((r) => JSON.parse(r.body));
    expect(tests.map((e) => e.type)).toEqual(['webhook.test', 'webhook.test']);
    expect(tests[0].data).toEqual({ organization: slug, endpoint: endpointId });
    const shown = await agent.get(`/organizations/${slug}/integrations`);
    expect(shown.body).toContain('webhook.test');
    expect(shown.body).toContain('remis');
  });

  it('delivers application.decided when a verdict decides, then credential.issued for the accepted applicant', async () => {
    const reviewed = await createBadge(p, owner, slug, { ...tutorat, name: 'Tutorat examiné', blason: { status: 'published', review: { mode: 'staff', quorum: 1 } } });
    const applied = await api()(ada, 'POST', `/badges/${reviewed}/applications`, { narrative: 'Mon tutorat', submit: true });
    expect(applied.statusCode, applied.body).toBe(201);
    const application = applied.json().id as string;
    const before = hook.received.length;
    const verdict = await api()(owner, 'POST', `/applications/${application}/verdicts`, { verdict: 'yes' });
    expect(verdict.statusCode, verdict.body).toBe(201);
    await p.drain();
    const events = hook.received.slice(before).map((r) => JSON.parse(r.body));
    expect(events.map((e) => e.type).sort()).toEqual(['application.decided', 'credential.issued']);
    expect(events.find((e) => e.type === 'application.decided').data).toMatchObject({ id: application, badge: reviewed, organization: slug, decision: 'accepted' });
    expect(events.find((e) => e.type === 'credential.issued').data).toMatchObject({ badge: reviewed, recipient: { email: ada.email }, state: 'accepted' });
  });

  it('costs nothing to an organisation without webhooks, and stops when the endpoint is removed', async () => {
    const other = await createTestUser(p, { email: 'owner@greta.example' });
    const greta = await createOrganization(p, other, 'GRETA');
    const gretaBadge = await createBadge(p, other, greta, tutorat);
    const count = async () => Number((await p.deps.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const jobs = async () => Number((await p.deps.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('name', '=', DELIVER_JOB).executeTakeFirstOrThrow()).n);
    const [d0, j0] = [await count(), await jobs()];
    await award(p, other, gretaBadge, { recipient: { email: 'ada@example.org' } });
    expect([await count(), await jobs()]).toEqual([d0, j0]);

    const before = hook.received.length;
    await award(p, owner, badge, { recipient: { email: 'margaret@example.org' } });
    const removed = await p.app.inject({ method: 'DELETE', url: `/api/v1/organizations/${slug}/webhooks/${endpointId}`, headers: { authorization: `Bearer ${owner.token}` } });
    expect(removed.statusCode).toBe(204);
    await p.drain();
    expect(hook.received.length).toBe(before);
    await award(p, owner, badge, { recipient: { email: 'katherine@example.org' } });
    expect(await count()).toBe(d0 + 1);
    expect((await api()(owner, 'GET', `/organizations/${slug}/integrations`)).json().endpoints).toEqual([]);
  });

  it('refuses an organisation token without the scope, and on routes that do not take one', async () => {
    const token = (await api()(owner, 'POST', `/organizations/${slug}/tokens`, { name: 'Lecture', scopes: ['credentials:read'] })).json().token as string;
    const headers = { authorization: `Bearer ${token}`, 'accept-language': 'en' };
    const res = await p.app.inject({ method: 'POST', url: `/api/v1/badges/${badge}/credentials`, headers, payload: { recipient: { email: 'x@example.org' } } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('This organisation token lacks the scope “credentials:issue”.');
    const hooks = await p.app.inject({ method: 'POST', url: `/api/v1/organizations/${slug}/webhooks`, headers, payload: { url: hook.url, events: ['credential.issued'] } });
    expect(hooks.statusCode).toBe(403);
    expect(hooks.json().error.message).toBe('An organisation token does not work here: use a personal token.');
  });

  describe('editing, pausing and rotating the secret of an endpoint', () => {
    let id = '';
    let current = '';
    const endpoints = async () => (await api()(owner, 'GET', `/organizations/${slug}/integrations`)).json().endpoints as Array<Record<string, unknown>>;
    const patch = (user: TestUser, body: object, endpoint = id) =>
      p.app.inject({ method: 'PATCH', url: `/api/v1/organizations/${slug}/webhooks/${endpoint}`, headers: { authorization: `Bearer ${user.token}` }, payload: body });
    const received = () => hook.received.length;

    it('is edited by owners and admins only, checked as when added; a refused change changes nothing', async () => {
      const added = await api()(owner, 'POST', `/organizations/${slug}/webhooks`, { url: hook.url, events: ['credential.issued'] });
      expect(added.statusCode, added.body).toBe(201);
      id = added.json().id;
      current = added.json().secret;
      const before = await endpoints();
      expect(before).toEqual([{ id, url: hook.url, events: ['credential.issued'], active: true, createdAt: expect.any(String) }]);

      expect((await patch(issuerMember, { events: ['credential.revoked'] })).statusCode).toBe(403);
      const http = await patch(owner, { url: 'http://lms.example.org/hooks', events: ['credential.revoked'] });
      expect(http.statusCode).toBe(400);
      expect(http.json().error.fields.url).toBe('L’adresse doit commencer par https://.');
      expect((await patch(owner, { url: 'https://10.1.2.3/hooks' })).json().error.fields.url).toBe('Cette adresse est privée : Blason ne l’appellera pas.');
      expect((await patch(owner, { events: [] })).statusCode).toBe(400);
      expect((await patch(owner, { active: 'no' })).statusCode).toBe(400);
      expect(await endpoints()).toEqual(before);
      expect((await patch(owner, { active: false }, 'nope')).statusCode).toBe(404);

      const changed = await patch(owner, { events: ['credential.issued', 'credential.revoked'] });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ id, url: hook.url, events: ['credential.issued', 'credential.revoked'], active: true });

      // The page, without JavaScript: ?edit= shows the form filled in; a refused address is shown, nothing changed.
      const agent = signedInAgent(p, owner);
      const form = await agent.get(`/organizations/${slug}/integrations?edit=${id}`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain(`action="/organizations/${slug}/integrations/webhooks/${id}"`);
      expect(form.body).toContain('Modifier le webhook');
      const refused = await agent.post(`/organizations/${slug}/integrations/webhooks/${id}`, { url: 'https://192.168.1.10/hooks', events: ['credential.issued'] });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Cette adresse est privée : Blason ne l’appellera pas.');
      expect(refused.body).toContain('value="https://192.168.1.10/hooks"');
      expect((await endpoints())[0]).toMatchObject({ url: hook.url, events: ['credential.issued', 'credential.revoked'] });
      const saved = await agent.post(`/organizations/${slug}/integrations/webhooks/${id}`, { url: hook.url, events: ['credential.issued'] });
      expect(saved.statusCode).toBe(303);
      expect((await agent.follow(saved)).body).toContain('Webhook modifié.');
      expect((await endpoints())[0]).toMatchObject({ events: ['credential.issued'], active: true });
    });

    it('sends nothing to a paused endpoint, not even what was queued before; active again, it is delivered to', async () => {
      const agent = signedInAgent(p, owner);
      const before = received();
      await award(p, owner, badge, { recipient: { email: 'grace@example.org' } });
      const paused = await agent.post(`/organizations/${slug}/integrations/webhooks/${id}`, { url: hook.url, events: ['credential.issued'], paused: 'on' });
      expect(paused.statusCode).toBe(303);
      expect((await endpoints())[0]).toMatchObject({ id, active: false });
      expect((await agent.get(`/organizations/${slug}/integrations`)).body).toContain('<td>En pause</td>');
      const count = (await deliveries()).length;
      await award(p, owner, badge, { recipient: { email: 'hedy@example.org' } });
      expect((await deliveries()).length).toBe(count);
      const test = await api()(owner, 'POST', `/organizations/${slug}/webhooks/${id}/test`);
      expect(test.statusCode).toBe(409);
      // The page's button (the endpoint paused since the page was shown): the page again, saying why.
      const fromPage = await agent.post(`/organizations/${slug}/integrations/webhooks/${id}/test`, {});
      expect(fromPage.statusCode).toBe(409);
      expect(fromPage.body).toContain('Ce webhook est en pause : réactivez-le pour envoyer un événement de test.');
      expect(fromPage.body).toContain('<h1');
      await p.drain();
      expect(received()).toBe(before);

      expect((await patch(owner, { active: true })).json()).toMatchObject({ active: true, events: ['credential.issued'] });
      const { id: credential } = await award(p, owner, badge, { recipient: { email: 'frances@example.org' } });
      await p.drain();
      expect(hook.received.slice(before).map((r) => r.headers['webhook-id'])).toEqual([`msg_${credential}_issued`]);
    });

    it('rotates the secret, shown once: deliveries are signed with the new one only', async () => {
      expect((await api()(issuerMember, 'POST', `/organizations/${slug}/webhooks/${id}/rotate-secret`)).statusCode).toBe(403);
      const rotated = await api()(owner, 'POST', `/organizations/${slug}/webhooks/${id}/rotate-secret`);
      expect(rotated.statusCode, rotated.body).toBe(200);
      const fresh = rotated.json().secret as string;
      expect(fresh).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(fresh).not.toBe(current);
      expect((await api()(owner, 'GET', `/organizations/${slug}/integrations`)).body).not.toContain(fresh);
      const before = received();
      expect((await api()(owner, 'POST', `/organizations/${slug}/webhooks/${id}/test`)).statusCode).toBe(202);
      await p.drain();
      const delivered = hook.received.slice(before);
      expect(delivered).toHaveLength(1);
      expect(signatureValid(fresh, delivered[0]!)).toBe(true);
      expect(signatureValid(current, delivered[0]!)).toBe(false);

      // From the page: the new secret in the answer, once.
      const agent = signedInAgent(p, owner);
      const page = await agent.post(`/organizations/${slug}/integrations/webhooks/${id}/rotate-secret`, {});
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Nouveau secret de signature');
      const third = /(whsec_[A-Za-z0-9+/]+=*)/.exec(page.body)?.[1] ?? '';
      expect(third).not.toBe(fresh);
      expect((await agent.get(`/organizations/${slug}/integrations`)).body).not.toContain(third);
      const again = received();
      await agent.post(`/organizations/${slug}/integrations/webhooks/${id}/test`, {});
      await p.drain();
      const last = hook.received[again]!;
      expect(signatureValid(third, last)).toBe(true);
      expect(signatureValid(fresh, last)).toBe(false);
    });
  });
});
