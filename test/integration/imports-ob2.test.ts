// Open Badges 2.0 in the backpack's import and the verifier (issue 6): a Blason badge in its OB 2.0
// baked PNG form (the hosted assertion answered in-process), an outside hosted assertion and an
// outside signed one (JWS, keys made here with jose) served by the verifier's fake outbound fetcher
// (the production guard stays as it is), tampered and wrongly addressed assertions refused with
// nothing stored, the daily recheck seeing revocations, and POST /api/v1/verify.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompactSign, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECHECK_JOB, recheckJobHandler } from '../../src/backpack/imports';
import { apiOf, tutoratAwardedToAda } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, bearer, createTestUser, signedInAgent } from '../helpers/users';
import { multipart, smallPng, verifyPlatform, type VerifyPlatform } from '../helpers/verify';
import { bakePng } from '../../src/credentials';
import { runVerifyCommand } from '../../src/verify/verify.cli';
import type { OutboundFetcher } from '../../src/verify/fetcher';
import { verifyOb2 } from '../../src/verify/ob2.service';

const HOSTED_ORDER = ['assertion', 'hosted', 'badge', 'policy', 'recipient', 'revocation', 'expiry'];
const SIGNED_ORDER = ['assertion', 'badge', 'policy', 'signature', 'recipient', 'revocation', 'expiry'];
type Check = { id: string; passed: boolean; message: string; code?: string };
const failed = (checks: Check[]) => checks.filter((c) => !c.passed).map((c) => c.id);

async function rows(p: Pick<TestPlatform, 'deps'>) {
  return p.deps.db.selectFrom('imported_credentials').select(['user_id', 'format', 'credential_key']).execute();
}

function importAs(app: VerifyPlatform['verifier'] | TestPlatform['app'], user: TestUser, payload: string | object | Buffer, headers: Record<string, string> = {}) {
  const json = typeof payload === 'object' && !Buffer.isBuffer(payload);
  return app.inject({
    method: 'POST',
    url: '/api/v1/backpack/import',
    headers: bearer(user, { ...(json ? { 'content-type': 'application/json' } : {}), ...headers }),
    payload: json ? JSON.stringify(payload) : payload,
  });
}

describe('importing a Blason badge in its Open Badges 2.0 form', () => {
  let p: TestPlatform;
  let cast: Awaited<ReturnType<typeof tutoratAwardedToAda>>;
  beforeAll(async () => {
    p = await testPlatform();
    cast = await tutoratAwardedToAda(p);
  });
  afterAll(() => p.close());

  it('imports the baked OB 2.0 PNG (hosted assertion answered in-process) for its recipient only; the daily check sees it revoked', async () => {
    const { owner, ada, bob, issued } = cast;
    const api = apiOf(p);
    const png = (await p.app.inject({ url: `/credentials/${issued.id}?format=png2` })).rawPayload;
    const form = () => multipart([{ name: 'file', filename: 'tutorat-ob2.png', type: 'image/png', data: png }]);

    // Bob is not its recipient: refused, with the reason, nothing stored.
    const bobs = form();
    const refused = await p.app.inject({ method: 'POST', url: '/api/v1/backpack/import', headers: bearer(bob, bobs.headers), payload: bobs.payload });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.message).toBe('Ce badge a été attribué à une autre adresse que vos adresses e-mail vérifiées : il n’a pas été importé.');
    expect(failed(refused.json().verification.checks)).toEqual(['recipient']);
    expect(await rows(p)).toEqual([]);

    const adas = form();
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/backpack/import', headers: bearer(ada, adas.headers), payload: adas.payload });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ name: 'Tutorat', issuer: 'Communotic', format: 'png', version: '2.0', status: 'valid', verification: { valid: true, version: '2.0' } });
    expect(body.verification.checks.map((c: Check) => c.id)).toEqual(HOSTED_ORDER);
    expect(body.image).toMatch(/^http:\/\/localhost:3000\/ob2\/badges\/.+\/image\?v=1$/);
    expect(body.validFrom).toBeTruthy();
    expect((await rows(p))[0]).toMatchObject({ format: 'png', credential_key: `http://localhost:3000/ob2/assertions/${issued.id}` });
    expect((await importAs(p.app, ada, adas.payload, adas.headers)).statusCode).toBe(409);

    // The CLI reads the same image (this platform's URLs answered in-process).
    const file = path.join(os.tmpdir(), `blason-ob2-${randomUUID()}.png`);
    fs.writeFileSync(file, png);
    try {
      const cli = await runVerifyCommand(file, {}, (run) => run(p.deps));
      expect(cli.code, cli.lines.join('\n')).toBe(0);
      expect(cli.lines[0]).toBe('VALID: This badge is genuine and valid.');
      expect(cli.lines).toContain('  [passed] Badge hosted by its issuer: The badge is the same as the one its issuer publishes at its address.');
    } finally {
      fs.rmSync(file, { force: true });
    }

    // "Mes badges" shows it with its image, dates and version.
    const page = await signedInAgent(p, ada).get('/badges/mine');
    expect(page.body).toContain('Open Badges 2.0');
    expect(page.body).toContain('obtenu le');
    expect(page.body).toContain(`src="${body.image}"`);

    // Revoked by its issuer: the daily check (a day later) fetches the hosted assertion again.
    expect((await api(owner, 'POST', `/credentials/${issued.id}/revoke`, { reason: 'Attribué par erreur.' })).statusCode).toBe(200);
    const later = { ...p.deps, clock: { now: () => new Date(Date.now() + 2 * 86_400_000) } };
    await p.handlers[RECHECK_JOB]!(later, {}, { id: '0', attempts: 1, createdAt: new Date() });
    const [mine] = (await api(ada, 'GET', '/backpack/imports')).json().items;
    expect(mine).toMatchObject({ status: 'revoked', version: '2.0', verification: { valid: false, verdict: 'revoked' } });
    expect(failed(mine.verification.checks)).toEqual(['revocation']);
  });
});

describe('outside Open Badges 2.0 assertions (served by the fake outbound fetcher)', () => {
  let p: VerifyPlatform;
  let ada: TestUser;
  const ORIGIN = 'https://badges.ailleurs.example';
  const issuerId = `${ORIGIN}/issuer`;
  const badgeId = `${ORIGIN}/badges/jardinage`;
  const salt = 'sel-de-mer';
  const hashed = (email: string) => `sha256$${createHash('sha256').update(email + salt).digest('hex')}`;
  const issuer: Record<string, unknown> = { '@context': 'https://w3id.org/openbadges/v2', type: 'Issuer', id: issuerId, name: 'Jardins partagés', url: ORIGIN, email: 'contact@ailleurs.example' };
  const badgeClass = {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'BadgeClass',
    id: badgeId,
    name: 'Jardinage urbain',
    description: 'Entretenir un jardin partagé.',
    image: `${ORIGIN}/badges/jardinage.png`,
    criteria: { narrative: 'Une saison au jardin.' },
    issuer: issuerId,
  };
  const hostedAssertion = (n: string, email: string, extra: Record<string, unknown> = {}) => ({
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id: `${ORIGIN}/assertions/${n}`,
    recipient: { type: 'email', hashed: true, salt, identity: hashed(email) },
    badge: badgeId,
    verification: { type: 'hosted' },
    issuedOn: '2025-03-01T10:00:00Z',
    ...extra,
  });

  beforeAll(async () => {
    p = await verifyPlatform();
    ada = await createTestUser(p, { email: 'ada.lovelace@example.org' });
    p.fetcher.serve(issuerId, issuer);
    p.fetcher.serve(badgeId, badgeClass);
  });
  afterAll(async () => {
    await p?.close();
  });

  it('imports a hosted assertion (JSON, and by URL), then shows it revoked once its issuer says so', async () => {
    const assertion = hostedAssertion('1', ada.email);
    p.fetcher.serve(assertion.id, assertion);
    const res = await importAs(p.verifier, ada, assertion);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Jardinage urbain', issuer: 'Jardins partagés', format: 'json', version: '2.0', status: 'valid', image: badgeClass.image, validFrom: '2025-03-01T10:00:00Z' });
    expect(res.json().verification.checks.map((c: Check) => c.id)).toEqual(HOSTED_ORDER);
    // The JSON-LD context was never asked for.
    expect(p.fetcher.seen.some((s) => s.url.includes('w3id.org'))).toBe(false);

    const byUrl = hostedAssertion('2', ada.email);
    p.fetcher.serve(byUrl.id, byUrl);
    const viaUrl = await importAs(p.verifier, ada, { url: byUrl.id });
    expect(viaUrl.statusCode, viaUrl.body).toBe(201);
    expect(viaUrl.json().verification.source).toEqual({ url: byUrl.id });

    // The issuer revokes the first: its URL now answers `revoked: true`.
    p.fetcher.serve(assertion.id, { '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id: assertion.id, revoked: true });
    const id = res.json().id as string;
    const checked = await p.verifier.inject({ method: 'POST', url: `/api/v1/backpack/imports/${id}/verify`, headers: bearer(ada) });
    expect(checked.json()).toMatchObject({ status: 'revoked', verification: { valid: false, verdict: 'revoked' } });
    // The second disappears (404): the daily check (run with the verifier's fake fetcher) marks it invalid.
    p.fetcher.remove(byUrl.id);
    const later = { ...p.deps, clock: { now: () => new Date(Date.now() + 2 * 86_400_000) } };
    await recheckJobHandler(p.verifier.verifyServices)(later, {}, { id: '0', attempts: 1, createdAt: new Date() });
    const items = (await p.verifier.inject({ url: '/api/v1/backpack/imports', headers: bearer(ada) })).json().items as Array<{ status: string }>;
    expect(items.map((i) => i.status).sort()).toEqual(['invalid', 'revoked']);
  });

  it('refuses a tampered, a wrongly addressed or a foreign-hosted assertion with the failed checks, storing nothing', async () => {
    const before = (await rows(p)).length;
    const original = hostedAssertion('3', ada.email);
    p.fetcher.serve(original.id, original);

    const tampered = await importAs(p.verifier, ada, { ...original, issuedOn: '2020-01-01T00:00:00Z' });
    expect(tampered.statusCode).toBe(422);
    expect(failed(tampered.json().verification.checks)).toEqual(['hosted']);
    expect(tampered.json().verification.verdict).toBe('not_authentic');
    expect(tampered.json().error.message).toBe('Ce badge n’a pas passé la vérification : il n’a pas été importé.');

    const someoneElse = hostedAssertion('4', 'grace.hopper@example.org');
    p.fetcher.serve(someoneElse.id, someoneElse);
    const notHers = await importAs(p.verifier, ada, someoneElse);
    expect(notHers.statusCode).toBe(422);
    expect(failed(notHers.json().verification.checks)).toEqual(['recipient']);
    expect(notHers.json().error.message).toBe('Ce badge a été attribué à une autre adresse que vos adresses e-mail vérifiées : il n’a pas été importé.');

    // Hosted on another origin than its issuer's (and no allowedOrigins): the issuer's policy refuses it.
    const foreign = { ...hostedAssertion('5', ada.email), id: 'https://autre.example/assertions/5' };
    p.fetcher.serve(foreign.id, foreign);
    const elsewhere = await importAs(p.verifier, ada, foreign);
    expect(elsewhere.statusCode).toBe(422);
    expect(failed(elsewhere.json().verification.checks)).toEqual(['policy']);

    // Missing required properties: not well-formed.
    const { issuedOn: _issuedOn, ...partial } = hostedAssertion('6', ada.email);
    p.fetcher.serve(partial.id, partial);
    const incomplete = await importAs(p.verifier, ada, partial);
    expect(incomplete.statusCode).toBe(422);
    expect(failed(incomplete.json().verification.checks)).toEqual(['assertion']);

    expect((await rows(p)).length).toBe(before);
  });

  it('imports a signed assertion (compact JWS, RS256 key made here); a forged signature fails; its revocation list is read', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const keyId = `${ORIGIN}/keys/1`;
    const signer = { ...issuer, id: `${ORIGIN}/signer`, publicKey: keyId, revocationList: `${ORIGIN}/revocations` };
    const signedBadge = { ...badgeClass, id: `${ORIGIN}/badges/signe`, issuer: signer.id };
    p.fetcher.serve(signer.id, signer);
    p.fetcher.serve(signedBadge.id, signedBadge);
    p.fetcher.serve(keyId, { '@context': 'https://w3id.org/openbadges/v2', type: 'CryptographicKey', id: keyId, owner: signer.id, publicKeyPem: await exportSPKI(publicKey) });
    p.fetcher.serve(signer.revocationList, { type: 'RevocationList', id: signer.revocationList, issuer: signer.id, revokedAssertions: [] });
    const assertion = {
      ...hostedAssertion('x', ada.email),
      id: `urn:uuid:${randomUUID()}`,
      badge: signedBadge.id,
      verification: { type: 'signed', creator: keyId },
    };
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(assertion))).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);

    const forged = `${jws.slice(0, jws.lastIndexOf('.') + 1)}${'A'.repeat(jws.length - jws.lastIndexOf('.') - 1)}`;
    const refused = await importAs(p.verifier, ada, forged, { 'content-type': 'text/plain' });
    expect(refused.statusCode).toBe(422);
    expect(failed(refused.json().verification.checks)).toEqual(['signature']);

    const res = await importAs(p.verifier, ada, jws, { 'content-type': 'text/plain' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ format: 'jwt', version: '2.0', status: 'valid', verification: { signer: { verificationMethod: keyId, controller: signer.id } } });
    expect(res.json().verification.checks.map((c: Check) => c.id)).toEqual(SIGNED_ORDER);

    p.fetcher.serve(signer.revocationList, { type: 'RevocationList', id: signer.revocationList, issuer: signer.id, revokedAssertions: [{ id: assertion.id, revocationReason: 'Erreur' }] });
    const checked = await p.verifier.inject({ method: 'POST', url: `/api/v1/backpack/imports/${res.json().id}/verify`, headers: bearer(ada) });
    expect(checked.json()).toMatchObject({ status: 'revoked' });
  });

  it('refuses the import by a person who has no verified address yet, whoever the badge names', async () => {
    const before = (await rows(p)).length;
    const newcomer = await createTestUser(p, { email: 'newcomer@example.org', verified: false });
    const someoneElses = hostedAssertion('nv-1', 'victim@example.org');
    p.fetcher.serve(someoneElses.id, someoneElses);
    const res = await importAs(p.verifier, newcomer, someoneElses);
    expect(res.statusCode).toBe(422);
    expect(failed(res.json().verification.checks)).toEqual(['recipient']);
    expect(res.json().verification.checks.find((c: Check) => c.id === 'recipient').problems[0].code).toBe('subject.recipient_unknown');
    expect(res.json().error.message).toBe('Vous n’avez encore aucune adresse e-mail vérifiée : rien ne dit que ce badge vous a été décerné. Vérifiez votre adresse, puis importez-le à nouveau.');
    expect((await rows(p)).length).toBe(before);
    // Anyone may still verify it publicly (no recipient asked for).
    const verified = await p.verifier.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(someoneElses) });
    expect(verified.json()).toMatchObject({ valid: true, version: '2.0' });
  });

  it('reports a hosted assertion given by its URL that answers 410 Gone as revoked, not as not found', async () => {
    const revoked = hostedAssertion('gone-1', ada.email);
    p.fetcher.gone(revoked.id);
    const res = await p.verifier.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ url: revoked.id }) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ valid: false, verdict: 'revoked', version: '2.0', source: { url: revoked.id } });
  });

  it('stops asking for the issuer’s documents past its time budget, and reports them unavailable', async () => {
    const assertion = hostedAssertion('slow-1', ada.email);
    p.fetcher.serve(assertion.id, assertion);
    const services = p.verifier.verifyServices;
    const asked: string[] = [];
    const countingFetcher: OutboundFetcher = {
      get(url, kind) {
        asked.push(url);
        return services.fetcher.get(url, kind);
      },
    };
    const spent = await verifyOb2(p.deps, { ...services, fetcher: countingFetcher }, { format: 'json', assertion }, { fetchBudgetMs: 0 });
    expect(spent.report.valid).toBe(false);
    expect(asked).toEqual([]);
    // With the default budget the same assertion verifies, its documents asked for once each.
    expect((await verifyOb2(p.deps, { ...services, fetcher: countingFetcher }, { format: 'json', assertion })).report.valid).toBe(true);
    expect(asked).toEqual([assertion.id, badgeId, issuerId]);
  });

  it('answers an assertion nested absurdly deep with a report, never an internal error', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 3000; i++) deep = [deep];
    const assertion = hostedAssertion('deep-1', ada.email, { extra: deep });
    p.fetcher.serve(assertion.id, assertion);
    const res = await p.verifier.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(assertion) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ valid: false, version: '2.0' });
  });

  it('POST /api/v1/verify checks an OB 2.0 assertion: JSON, baked SVG, signed with EdDSA, expired, with an expected recipient', async () => {
    const assertion = hostedAssertion('7', ada.email);
    p.fetcher.serve(assertion.id, assertion);
    const verify = async (payload: string | object | Buffer, headers: Record<string, string> = {}, query = '') => {
      const json = typeof payload === 'object' && !Buffer.isBuffer(payload);
      const res = await p.verifier.inject({
        method: 'POST',
        url: `/api/v1/verify${query}`,
        headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...headers },
        payload: json ? JSON.stringify(payload) : payload,
      });
      expect(res.statusCode).toBe(200);
      return res.json() as { valid: boolean; verdict: string; version?: string; format: string; message: string; checks: Check[]; credential: Record<string, unknown> };
    };

    const json = await verify(assertion);
    expect(json).toMatchObject({ valid: true, verdict: 'valid', version: '2.0', format: 'json', message: 'Ce badge est authentique et valide.' });
    expect(json.checks.map((c) => c.id)).toEqual(HOSTED_ORDER);
    expect(json.checks[1]!.message).toBe('Le badge est identique à celui que son émetteur publie à son adresse.');
    expect(json.credential).toMatchObject({ name: 'Jardinage urbain', issuer: { id: issuerId, name: 'Jardins partagés' }, validFrom: '2025-03-01T10:00:00Z', recipient: { identifiers: [{ identityType: 'emailAddress', hashed: true }] } });

    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org" viewBox="0 0 10 10"><openbadges:assertion verify="${assertion.id}"></openbadges:assertion><circle cx="5" cy="5" r="4"/></svg>`;
    const svgForm = multipart([{ name: 'file', filename: 'badge.svg', type: 'image/svg+xml', data: svg }]);
    expect(await verify(svgForm.payload, svgForm.headers)).toMatchObject({ valid: true, format: 'svg', version: '2.0' });
    const png = bakePng(await smallPng(), JSON.stringify(assertion), 'openbadges');
    const pngForm = multipart([{ name: 'file', filename: 'badge.png', type: 'image/png', data: png }]);
    expect(await verify(pngForm.payload, pngForm.headers)).toMatchObject({ valid: true, format: 'png', version: '2.0' });

    const mismatch = await verify(assertion, { 'accept-language': 'en' }, `?recipient=${encodeURIComponent('grace.hopper@example.org')}`);
    expect(failed(mismatch.checks)).toEqual(['recipient']);
    expect(mismatch.checks.find((c) => c.id === 'recipient')!.code).toBe('subject.recipient_mismatch');
    expect(mismatch.message).toMatch(/^This badge is not valid: /);
    expect((await verify(assertion, {}, `?recipient=${encodeURIComponent(ada.email)}`)).valid).toBe(true);

    const expired = hostedAssertion('8', ada.email, { expires: '2025-06-01T00:00:00Z' });
    p.fetcher.serve(expired.id, expired);
    const old = await verify(expired);
    expect(old).toMatchObject({ valid: false, verdict: 'expired' });
    expect(failed(old.checks)).toEqual(['expiry']);

    // A signed assertion whose key is embedded in its issuer's profile (Ed25519); the profile
    // embedded in the badge class is read again from its id.
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const edIssuer = { ...issuer, id: `${ORIGIN}/ed-issuer`, publicKey: [{ type: 'CryptographicKey', id: `${ORIGIN}/keys/ed`, owner: `${ORIGIN}/ed-issuer`, publicKeyPem: await exportSPKI(publicKey) }] };
    const edBadge = { ...badgeClass, id: `${ORIGIN}/badges/ed`, issuer: edIssuer };
    p.fetcher.serve(edIssuer.id, edIssuer);
    p.fetcher.serve(edBadge.id, edBadge);
    const signed = { ...hostedAssertion('ed', ada.email), id: `urn:uuid:${randomUUID()}`, badge: edBadge.id, verification: { type: 'SignedBadge' } };
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(signed))).setProtectedHeader({ alg: 'EdDSA' }).sign(privateKey);
    const ed = await verify(jws, { 'content-type': 'text/plain' });
    expect(ed.checks.map((c) => c.id)).toEqual(SIGNED_ORDER);
    expect(ed).toMatchObject({ valid: true, format: 'jwt', version: '2.0' });
    // Someone else's key slipped into an embedded copy of a real issuer's profile: the profile at its id does not list it.
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forgedIssuer = { ...issuer, publicKey: [{ type: 'CryptographicKey', id: `${ORIGIN}/keys/ed`, owner: issuerId, publicKeyPem: await exportSPKI(other.publicKey) }] };
    const forgedBadge = { ...signed, id: `urn:uuid:${randomUUID()}`, badge: { ...badgeClass, id: 'urn:uuid:badge', issuer: forgedIssuer } };
    const forgedJws = await new CompactSign(new TextEncoder().encode(JSON.stringify(forgedBadge))).setProtectedHeader({ alg: 'EdDSA' }).sign(other.privateKey);
    const forgery = await verify(forgedJws, { 'content-type': 'text/plain' });
    expect(forgery.valid).toBe(false);
    expect(failed(forgery.checks)).toEqual(['signature']);
    // The same assertion given as JSON, without its signature, is not authentic.
    const unsigned = await verify(signed);
    expect(unsigned.verdict).toBe('not_authentic');
    expect(failed(unsigned.checks)).toEqual(['signature']);
  });
});
