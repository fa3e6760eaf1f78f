// The third independent verifier: DCC's @digitalcredentials/verifier-core (its own JSON-LD stack,
// eddsa-rdfc-2022 cryptosuite, did:key driver and status-list client, nothing shared with ours)
// accepts what Blason awards for an organisation that chose did:key — signature, validity period,
// revocation status — and refuses altered copies and a revoked credential.
//
// What verifier-core does beyond the proof, and why it is asserted as it is here (no network):
// - Contexts are bundled in it and a did:key is resolved from the key itself: nothing fetched.
// - The status list (BitstringStatusListEntry) is fetched with the global `fetch`: the test answers
//   this platform's URLs from the app, as the platform would over HTTP.
// - The issuer registry check (`registered_issuer`) looks the DID up in the "known DID registries"
//   passed to it, also with `fetch`. The test passes two: a local "dcc-legacy" registry it serves
//   (listing this organisation's DID), and DCC's published one, which cannot be reached offline and
//   is then reported in `uncheckedRegistries` (not a failure of the credential).
// - The schema check (`additionalInformation`, not part of `log`) fetches the 1EdTech OB 3.0 JSON
//   schema from purl.imsglobal.org on every call: offline the fetch fails and verifier-core reports
//   "INVALID_SCHEMA - possibly not a valid url" — the schema was not checked, the credential was not
//   found invalid. The schema is not bundled with Blason (our own structure checks cover it).
// - VC-JWT: verifier-core has no VC-JWT support (it verifies JSON-LD credentials with an embedded
//   proof only); the last test records what it answers for that form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseDidMethod, issuerSigningKey } from '../../src/issuers/issuers.service';
import { getOrganization } from '../../src/organizations/organizations.service';
import { apiOf, award, createBadge, createOrganization, tutorat } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser } from '../helpers/users';
import { type VerifierCoreRegistry, servePlatform, verifyWithVerifierCore } from '../helpers/verify';

const SCHEMA = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
const LOCAL_REGISTRY: VerifierCoreRegistry = { type: 'dcc-legacy', name: 'Registre local de test', url: 'https://registry.test/issuers.json' };
const DCC_REGISTRY: VerifierCoreRegistry = { type: 'dcc-legacy', name: 'DCC Sandbox Registry', url: 'https://digitalcredentials.github.io/sandbox-registry/registry.json' };

describe('verifier-core (DCC) on Blason credentials of a did:key issuer', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let slug = '';
  let badgeId = '';
  let did = '';

  beforeAll(async () => {
    p = await testPlatform();
    owner = await createTestUser(p, { email: 'owner@cfa.example' });
    slug = await createOrganization(p, owner, 'CFA Numérique');
    await chooseDidMethod(p.deps, { id: owner.id, publicId: owner.publicId, displayName: owner.displayName, isAdmin: false, locale: 'fr' }, slug, 'key');
    did = (await issuerSigningKey(p.deps, await getOrganization(p.deps, slug))).controller;
    badgeId = await createBadge(p, owner, slug, tutorat);
  });
  afterAll(async () => {
    await p.close();
  });

  /** The platform's URLs, plus the local registry listing the organisation's DID; anything else: no network. */
  const serve = (url: string, init?: RequestInit) =>
    url === LOCAL_REGISTRY.url
      ? Promise.resolve(Response.json({ meta: { created: '2025-01-01' }, registry: { [did]: { name: 'CFA Numérique', url: `${p.deps.config.baseUrl}/organizations/${slug}`, location: 'Caen, France' } } }))
      : servePlatform(p)(url, init);
  const verify = (credential: unknown) => verifyWithVerifierCore(credential, { serve, registries: [LOCAL_REGISTRY, DCC_REGISTRY] });

  it('accepts the awarded credential: signature, validity period, revocation status, registry', async () => {
    const { credential } = await award(p, owner, badgeId, { recipient: { email: 'ada@example.org' }, narrative: 'Tutorat à distance organisé.' });
    expect(did).toMatch(/^did:key:z6Mk/);
    expect((credential.issuer as { id: string }).id).toBe(did);
    expect((credential.proof as { cryptosuite: string }).cryptosuite).toBe('eddsa-rdfc-2022');

    const { result, step, fetched } = await verify(credential);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(step('valid_signature')?.valid).toBe(true);
    expect(step('expiration')?.valid).toBe(true);
    expect(step('revocation_status')?.valid).toBe(true);
    // Found in the local registry; DCC's could not be loaded offline and is reported as unchecked.
    expect(step('registered_issuer')?.valid).toBe(true);
    expect(step('registered_issuer')?.matchingIssuers?.map((m) => m.issuer.federation_entity?.organization_name)).toEqual(['CFA Numérique']);
    expect(step('registered_issuer')?.uncheckedRegistries).toEqual([DCC_REGISTRY]);
    expect(result.log?.map((s) => s.id).sort()).toEqual(['expiration', 'registered_issuer', 'revocation_status', 'valid_signature']);
    // Schema check not done: the schema could not be fetched (no network).
    expect(result.additionalInformation).toEqual([{ id: 'schema_check', results: 'INVALID_SCHEMA - possibly not a valid url' }]);
    // What it asked the network for: the status list (answered by the platform), the registries, the schema. No context, no DID.
    const statusList = (credential.credentialStatus as { statusListCredential: string }).statusListCredential;
    expect(statusList.startsWith(`${p.deps.config.baseUrl}/organizations/${slug}/status/`)).toBe(true);
    expect([...new Set(fetched)].sort()).toEqual([DCC_REGISTRY.url, SCHEMA, LOCAL_REGISTRY.url, statusList].sort());
  });

  it('refuses altered copies (badge name, narrative, recipient, date): the signature does not verify', async () => {
    const { credential } = await award(p, owner, badgeId, { recipient: { email: 'bob@example.org' }, narrative: 'Tutorat présenté au comité.' });
    type Subject = { achievement: { name: string }; narrative: string; identifier: { identityHash: string }[] };
    const alterations: Array<[string, (c: { credentialSubject: Subject; validFrom: string }) => void]> = [
      ['badge name', (c) => (c.credentialSubject.achievement.name = 'Badge contrefait')],
      ['narrative', (c) => (c.credentialSubject.narrative = 'Autre chose.')],
      ['recipient', (c) => (c.credentialSubject.identifier[0]!.identityHash = `sha256$${'0'.repeat(64)}`)],
      ['date', (c) => (c.validFrom = '2020-01-01T00:00:00Z')],
    ];
    for (const [what, alter] of alterations) {
      const altered = structuredClone(credential) as unknown as { credentialSubject: Subject; validFrom: string };
      alter(altered);
      const { result } = await verify(altered);
      // A failed proof is fatal in verifier-core: one error, no log of steps.
      expect(result.errors?.map((e) => e.name), `${what}: ${JSON.stringify(result)}`).toEqual(['invalid_signature']);
      expect(result.log, what).toBeUndefined();
    }
  });

  it('sees a revocation, the signature still valid', async () => {
    const { id, credential } = await award(p, owner, badgeId, { recipient: { email: 'eve@example.org' } });
    expect((await apiOf(p)(owner, 'POST', `/credentials/${id}/revoke`, { reason: 'Erreur' })).statusCode).toBe(200);
    const { result, step } = await verify(credential);
    expect(result.errors).toBeUndefined();
    expect(step('valid_signature')?.valid).toBe(true);
    expect(step('revocation_status')?.valid).toBe(false);
  });

  it('does not read the VC-JWT form (no support in verifier-core): never a valid signature', async () => {
    const { id } = await award(p, owner, badgeId, { recipient: { email: 'zoe@example.org' } });
    const res = await p.app.inject({ url: `/credentials/${id}?format=jwt` });
    expect(res.statusCode).toBe(200);
    const jwt = res.body.trim();
    expect(jwt.split('.')).toHaveLength(3);
    // The compact JWT itself: not a JSON-LD document.
    const asString = await verify(jwt);
    expect(asString.result.errors?.map((e) => e.name)).toEqual(['invalid_jsonld']);
    expect(asString.result.log).toBeUndefined();
    // Its payload (the credential with `iss`, `jti`…): no embedded proof, so nothing it can verify.
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(payload.issuer).toMatchObject({ id: did });
    const asPayload = await verify(payload);
    expect(asPayload.result.errors?.map((e) => e.name)).toEqual(['no_proof']);
    expect(asPayload.result.log).toBeUndefined();
  });
});
