// POST /api/v1/verify: credentials signed here by an organisation of the test platform, in the four
// forms (JSON, JWT, PNG, SVG); altered, expired, did:key and other-host credentials; a few files of the
// OB 3.0 conformance corpus; garbage. The outbound fetcher is a fake that records what it is asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildOpenBadgeCredential,
  bundledContextUrls,
  OB_EXTENSIONS_CONTEXT,
  signDataIntegrity,
  didKeySigningKey,
  didWeb,
  buildDidWebDocument,
  controlledSigningKey,
  generateKeyPair,
  prepareSigningKey,
  type PreparedSigningKey,
} from '../../src/credentials';
import { corpusDocuments, readCorpusFile } from '../fixtures/credentials';
import { BASE, badgeInput, multipart, serveDocuments, signedForms, testIssuer, verifyPlatform, type SignedForms, type VerifyPlatform } from '../helpers/verify';

const NOW = new Date('2026-01-01T00:00:00Z');
const ORDER = ['schema', 'subject', 'proof', 'status', 'validity', 'endorsements'];

describe('POST /api/v1/verify', () => {
  let p: VerifyPlatform;
  let issuer: { slug: string; key: PreparedSigningKey; did: string };
  let forms: SignedForms;

  beforeAll(async () => {
    p = await verifyPlatform({ clock: { now: () => NOW } });
    issuer = await testIssuer(p);
    forms = await signedForms(issuer.key, badgeInput(issuer.did));
  });
  afterAll(async () => {
    await p?.close();
  });

  type Body = {
    valid: boolean;
    verdict: string;
    message: string;
    format?: string;
    checks: Array<{ id: string; passed: boolean; skipped: boolean; message: string; code?: string; problems: Array<{ code: string; detail?: string }> }>;
    warnings: Array<{ code: string; message: string }>;
    credential?: Record<string, any>;
  };

  async function verify(payload: string | Buffer | object, headers: Record<string, string> = {}, locale = 'fr') {
    const res = await p.verifier.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { 'accept-language': locale, ...(typeof payload === 'object' && !Buffer.isBuffer(payload) ? { 'content-type': 'application/json' } : {}), ...headers },
      payload: typeof payload === 'object' && !Buffer.isBuffer(payload) ? JSON.stringify(payload) : payload,
    });
    return { status: res.statusCode, body: res.json() as Body };
  }
  const check = (body: Body, id: string) => body.checks.find((c) => c.id === id)!;

  it('verifies a credential of this platform in all four forms, with no network at all', async () => {
    const json = await verify(forms.credential);
    const ld = await verify(JSON.stringify(forms.credential), { 'content-type': 'application/ld+json' });
    const jwt = await verify(forms.jwt, { 'content-type': 'text/plain' });
    const png = multipart([{ name: 'file', filename: 'badge.png', type: 'image/png', data: forms.png }]);
    const pngRes = await verify(png.payload, png.headers);
    const svg = multipart([{ name: 'file', filename: 'badge.txt', type: 'application/octet-stream', data: forms.svg }]);
    const svgRes = await verify(svg.payload, svg.headers);
    for (const [result, format] of [[json, 'json'], [ld, 'json'], [jwt, 'jwt'], [pngRes, 'png'], [svgRes, 'svg']] as const) {
      expect(result.status).toBe(200);
      expect(result.body.valid, JSON.stringify(result.body.checks)).toBe(true);
      expect(result.body.verdict).toBe('valid');
      expect(result.body.format).toBe(format);
      expect(result.body.checks.map((c) => c.id)).toEqual(ORDER);
      expect(result.body.message).toBe('Ce badge est authentique et valide.');
    }
    expect(json.body.credential).toMatchObject({
      name: 'Robotique — niveau 1',
      issuer: { id: issuer.did, name: 'CFA Numérique' },
      achievement: { id: `${BASE}/badges/robotique-1`, name: 'Robotique — niveau 1' },
      validFrom: '2025-01-01T09:00:00Z',
      recipient: { identifiers: [{ identityType: 'emailAddress', hashed: true }] },
      endorsements: { count: 0, valid: 0 },
    });
    expect(JSON.stringify(json.body)).not.toContain('poivre'); // never the salt
    expect(check(json.body, 'proof').message).toMatch(/signature est authentique/);
    expect(p.fetcher.seen).toEqual([]); // our own DID document is answered locally
  });

  it('says an altered copy is not genuine, in French and in English', async () => {
    const altered = { ...forms.credential, name: 'Robotique — niveau 3' };
    const fr = await verify(altered, {}, 'fr');
    expect(fr.body).toMatchObject({ valid: false, verdict: 'not_authentic' });
    expect(check(fr.body, 'proof')).toMatchObject({ passed: false, code: 'proof.signature_invalid' });
    expect(check(fr.body, 'proof').message).toBe('La signature ne correspond pas : le badge a été modifié ou falsifié.');
    expect(fr.body.message).toBe("Ce badge n'est pas authentique : la signature ne correspond pas : le badge a été modifié ou falsifié.");
    const en = await verify(altered, {}, 'en-GB,en;q=0.9');
    expect(check(en.body, 'proof').message).toBe('The signature does not match: the badge was altered or forged.');
    expect(en.body.message).toMatch(/^This badge is not genuine: /);
  });

  it('says when a badge has expired, with the date', async () => {
    const expired = await signedForms(issuer.key, badgeInput(issuer.did, { validUntil: '2025-06-30T00:00:00Z' }));
    const { body } = await verify(expired.credential);
    expect(body).toMatchObject({ valid: false, verdict: 'expired', message: 'Ce badge a expiré le 30 juin 2025.' });
    expect(check(body, 'validity')).toMatchObject({ passed: false, code: 'validity.expired' });
    expect(check(body, 'proof').passed).toBe(true);
    const en = await verify(expired.jwt, { 'content-type': 'text/plain', 'accept-language': 'en' });
    expect(en.body.message).toBe('This badge expired on 30 June 2025.');
  });

  it('says a genuine but malformed badge is not valid, and why', async () => {
    const unsigned = buildOpenBadgeCredential(badgeInput(issuer.did));
    const withSchema = {
      ...unsigned,
      '@context': [...unsigned['@context'], OB_EXTENSIONS_CONTEXT],
      credentialSchema: [{ id: 'https://other.example/schema.json', type: '1EdTechJsonSchemaValidator2019' }],
    };
    const signed = await signDataIntegrity(withSchema, { key: issuer.key });
    const { body } = await verify(signed);
    expect(body).toMatchObject({ valid: false, verdict: 'invalid' });
    expect(check(body, 'proof').passed).toBe(true);
    expect(check(body, 'schema')).toMatchObject({ passed: false, code: 'schema.credential_schema_unavailable' });
    expect(body.message).toMatch(/^Ce badge n'est pas valide : le badge renvoie à un schéma/);
  });

  it('checks the expected recipient when one is given', async () => {
    const right = await p.verifier.inject({ method: 'POST', url: '/api/v1/verify?recipient=Ada.Lovelace@example.org', payload: forms.credential });
    expect(right.json().valid).toBe(true);
    const wrong = await p.verifier.inject({ method: 'POST', url: '/api/v1/verify?recipient=someone@example.org', payload: forms.credential });
    expect(wrong.json().checks[1]).toMatchObject({ id: 'subject', passed: false, code: 'subject.recipient_mismatch' });
  });

  it('verifies a did:key issuer without any resolver', async () => {
    const key = await prepareSigningKey(didKeySigningKey(await generateKeyPair()));
    const signed = await signedForms(key, badgeInput(key.controller));
    const before = p.fetcher.seen.length;
    for (const input of [signed.credential, signed.jwt]) {
      const { body } = await verify(input, typeof input === 'string' ? { 'content-type': 'text/plain' } : {});
      expect(body.valid, JSON.stringify(body.checks)).toBe(true);
    }
    expect(p.fetcher.seen.length).toBe(before);
  });

  it('asks the outbound fetcher for the DID document of another did:web host, and trusts only what it returns', async () => {
    const pair = await generateKeyPair();
    const did = didWeb('https://other.example', 'issuers', 'acme');
    const key = await prepareSigningKey(controlledSigningKey(did, pair, 'key-1'));
    const signed = await signedForms(key, badgeInput(did));
    const url = 'https://other.example/issuers/acme/did.json';

    const missing = await verify(signed.credential);
    expect(p.fetcher.seen.map((s) => s.url)).toContain(url);
    expect(check(missing.body, 'proof')).toMatchObject({ passed: false });
    expect(['proof.method_not_found', 'proof.controller_not_found']).toContain(check(missing.body, 'proof').code);

    p.fetcher.serve(url, buildDidWebDocument({ did, keys: [{ fragment: 'key-1', publicKeyMultibase: pair.publicKeyMultibase }] }));
    const found = await verify(signed.credential);
    expect(found.body.valid, JSON.stringify(found.body.checks)).toBe(true);

    // A document that claims to be another DID is not used.
    p.fetcher.serve(url, buildDidWebDocument({ did: didWeb('https://evil.example'), keys: [{ fragment: 'key-1', publicKeyMultibase: pair.publicKeyMultibase }] }));
    const impostor = await verify(signed.jwt, { 'content-type': 'text/plain' });
    expect(check(impostor.body, 'proof').passed).toBe(false);
    p.fetcher.remove(url);
  });

  it('never asks the fetcher for a JSON-LD context, not even an unknown one', async () => {
    const extra = 'https://other.example/contexts/extension.json';
    const withContext = { ...forms.credential, '@context': [...(forms.credential['@context'] as string[]), extra] };
    const { body } = await verify(withContext);
    expect(body.valid).toBe(false);
    expect(check(body, 'proof').passed).toBe(false);
    const asked = p.fetcher.seen.map((s) => s.url);
    expect(asked).not.toContain(extra);
    expect(asked.filter((url) => bundledContextUrls.includes(url) || /context/i.test(url))).toEqual([]);
  });

  describe('the OB 3.0 conformance corpus, keys served by the fake fetcher', () => {
    beforeAll(() => serveDocuments(p.fetcher, corpusDocuments()));

    it.each([
      ['simple.json', 'application/json'],
      ['simple-json.png', 'multipart'],
      ['simple-jwt.svg', 'multipart'],
    ])('%s is valid', async (file, how) => {
      const bytes = readCorpusFile(file);
      const { body } =
        how === 'multipart'
          ? await verify(...(Object.values(multipart([{ name: 'file', filename: file, data: bytes }])) as [Buffer, Record<string, string>]))
          : await verify(bytes.toString('utf8'), { 'content-type': how });
      expect(body.valid, JSON.stringify(body.checks)).toBe(true);
    });

    it.each([
      ['simple-err-proof-value.json', 'not_authentic', 'proof', 'proof.signature_invalid'],
      ['simple-err-expired.json', 'expired', 'validity', 'validity.expired'],
      // Altered after signing: the type is wrong, and so is the signature (which outranks it).
      ['simple-err-type.json', 'not_authentic', 'schema', 'schema.credential_type'],
      ['bit-string-list/credential-status-revoked.json', 'revoked', 'status', 'status.revoked'],
      ['credential-status-revoked.json', 'revoked', 'status', 'status.revoked'],
    ])('%s is invalid: %s', async (file, verdict, id, code) => {
      const { body } = await verify(readCorpusFile(file).toString('utf8'), { 'content-type': 'application/json' });
      expect(body).toMatchObject({ valid: false, verdict });
      expect(check(body, id)).toMatchObject({ passed: false, code });
    });

    it('the revoked verdict reads plainly', async () => {
      const { body } = await verify(readCorpusFile('bit-string-list/credential-status-revoked.json').toString('utf8'), { 'content-type': 'application/json' });
      expect(body.message).toBe('Ce badge a été révoqué par son émetteur.');
      expect(p.fetcher.seen.some((s) => bundledContextUrls.includes(s.url))).toBe(false);
    });
  });

  it('answers unusable input with valid:false and a readable first check', async () => {
    const garbage = await verify('bonjour, ceci est un badge', { 'content-type': 'text/plain' });
    expect(garbage.status).toBe(200);
    expect(garbage.body).toMatchObject({ valid: false, verdict: 'unusable' });
    expect(garbage.body.checks[0]).toMatchObject({ id: 'schema', passed: false, code: 'input.unreadable' });
    expect(garbage.body.checks[0]!.message).toBe("Ce contenu n'est ni un badge (JSON), ni un JWT, ni une image PNG ou SVG.");
    expect(garbage.body.checks.slice(1).every((c) => c.skipped)).toBe(true);
    expect(garbage.body.credential).toBeUndefined();

    const plainPng = multipart([{ name: 'file', filename: 'photo.png', type: 'image/png', data: await (await import('../helpers/verify')).smallPng() }]);
    const noCredential = await verify(plainPng.payload, plainPng.headers, 'en');
    expect(noCredential.body.checks[0]).toMatchObject({ code: 'input.no_credential', message: 'The image carries no Open Badges 3.0 badge.' });

    const empty = await verify({});
    expect(empty.body).toMatchObject({ valid: false, verdict: 'unusable' });
    expect(empty.body.checks[0]!.code).toBe('input.empty');

    const noFile = multipart([{ name: 'other', data: 'x' }]);
    const missing = await p.verifier.inject({ method: 'POST', url: '/api/v1/verify', ...noFile });
    expect(missing.statusCode).toBe(400);
  });

  it('verifies by URL: unknown URLs under BASE_URL locally, others through the fetcher (https only)', async () => {
    const before = p.fetcher.seen.length;
    const own = await verify({ url: `${BASE}/credentials/unknown` });
    expect(own.body).toMatchObject({ valid: false, verdict: 'unusable', source: { url: `${BASE}/credentials/unknown` } });
    expect(own.body.checks[0]!.code).toBe('input.url_not_found');
    expect(p.fetcher.seen.length).toBe(before); // never asked: it is ours

    p.fetcher.serve('https://other.example/badges/ada.jwt', { contentType: 'text/plain', bytes: Buffer.from(forms.jwt) });
    const remote = await verify({ url: 'https://other.example/badges/ada.jwt' });
    expect(remote.body).toMatchObject({ valid: true, format: 'jwt', source: { url: 'https://other.example/badges/ada.jwt' } });
    expect(p.fetcher.seen.at(-1)).toEqual({ url: 'https://other.example/badges/ada.jwt', kind: 'credential' });

    const bad = await verify({ url: 'ftp://other.example/badge' });
    expect(bad.body.checks[0]!.code).toBe('input.url_invalid');
  });

  it('refuses a body over the size limit with a translated 413', async () => {
    const res = await p.verifier.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { 'content-type': 'text/plain', 'accept-language': 'en' },
      payload: 'x'.repeat(1024 * 1024 + 10),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'payload_too_large', message: 'The uploaded file is too large.' });
  });

  it('is described in the OpenAPI document, with its JSON, text and multipart bodies', async () => {
    const doc = (await p.app.inject({ url: '/api/v1/openapi.json' })).json();
    const op = doc.paths['/verify'].post;
    expect(op.security).toEqual([]);
    expect(Object.keys(op.requestBody.content).sort()).toEqual(['application/json', 'application/ld+json', 'multipart/form-data', 'text/plain']);
    expect(op.responses['200'].content['application/json'].schema.properties.checks).toBeDefined();
  });
});
