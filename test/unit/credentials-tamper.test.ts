// Altered, expired, revoked, misattributed credentials fail the right check, with the right code.
import { describe, expect, it } from 'vitest';
import {
  buildEndorsementCredential,
  buildOpenBadgeCredential,
  buildRevocationList,
  buildStatusListCredential,
  createDocumentLoader,
  createStatusBits,
  DocumentNotFoundError,
  OB_CONTEXT,
  OB_EXTENSIONS_CONTEXT,
  setRevoked,
  signDataIntegrity,
  signJwt,
  VC_V2_CONTEXT,
  verifyCredential,
  type VerificationResult,
} from '../../src/credentials';
import { BASE, credentialInput, didWebIssuer, type TestIssuer } from '../fixtures/credentials/issuer';

const now = new Date('2025-01-01T00:00:00Z');
const LIST_URL = `${BASE}/status/revocation/1`;

function failed(result: VerificationResult): Record<string, string[]> {
  return Object.fromEntries(result.checks.filter((check) => !check.passed).map((check) => [check.id, check.problems.map((p) => p.code)]));
}

async function publishList(issuer: TestIssuer, revoked: number[], purpose: 'revocation' | 'suspension' = 'revocation', url = LIST_URL) {
  const bits = createStatusBits();
  for (const index of revoked) setRevoked(bits, index);
  const list = buildStatusListCredential({ id: url, issuer: issuer.did, validFrom: '2024-01-01T00:00:00Z', statusPurpose: purpose, bits });
  const signed = await signDataIntegrity(list, { key: issuer.key, documentLoader: issuer.loader() });
  issuer.documents.set(url, signed);
  return signed;
}

async function revocableCredential(issuer: TestIssuer, index = 42, purpose: 'revocation' | 'suspension' = 'revocation') {
  const credential = buildOpenBadgeCredential(
    credentialInput(issuer.did, { credentialStatus: { type: 'BitstringStatusListEntry', statusListCredential: LIST_URL, statusListIndex: index, statusPurpose: purpose } }),
  );
  return signDataIntegrity(credential, { key: issuer.key, documentLoader: issuer.loader() });
}

describe('tampering', () => {
  it('detects a changed name and a changed byte of the signature', async () => {
    const issuer = await didWebIssuer();
    await publishList(issuer, []);
    const signed = await revocableCredential(issuer);
    expect(await verifyCredential(signed, { documentLoader: issuer.loader(), now })).toMatchObject({ valid: true, warnings: [] });

    const renamed = structuredClone(signed);
    renamed.credentialSubject.achievement.name = 'Robotique — niveau 3';
    expect(failed(await verifyCredential(renamed, { documentLoader: issuer.loader(), now }))).toEqual({ proof: ['proof.signature_invalid'] });

    const flipped = structuredClone(signed);
    const proof = flipped.proof as { proofValue: string };
    const at = 20;
    proof.proofValue = proof.proofValue.slice(0, at) + (proof.proofValue[at] === 'a' ? 'b' : 'a') + proof.proofValue.slice(at + 1);
    expect(failed(await verifyCredential(flipped, { documentLoader: issuer.loader(), now }))).toEqual({ proof: ['proof.signature_invalid'] });
  });

  it('detects a changed JWT payload', async () => {
    const issuer = await didWebIssuer();
    const jwt = await signJwt(buildOpenBadgeCredential(credentialInput(issuer.did)), { key: issuer.key });
    const [header, payload, signature] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    claims.name = 'Something else';
    const altered = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    expect(failed(await verifyCredential(altered, { documentLoader: issuer.loader(), now }))).toEqual({ proof: ['proof.signature_invalid'] });
  });

  it('refuses a key that is not the issuer’s', async () => {
    const [issuer, impostor] = [await didWebIssuer('acme'), await didWebIssuer('impostor')];
    const credential = buildOpenBadgeCredential(credentialInput(issuer.did));
    // The impostor signs with its own key while claiming to be the issuer.
    const forged = await signDataIntegrity(credential, { key: { ...impostor.key, controller: issuer.did }, documentLoader: issuer.loader() });
    const loader = createDocumentLoader({ documents: new Map([...issuer.documents, ...impostor.documents]) });
    expect(failed(await verifyCredential(forged, { documentLoader: loader, now }))).toEqual({ proof: ['proof.issuer_mismatch'] });
    // Without the impostor's DID document the key is not even found.
    expect(failed(await verifyCredential(forged, { documentLoader: issuer.loader(), now }))).toEqual({ proof: ['proof.method_not_found'] });
  });

  it('accepts only the allowed proof kinds', async () => {
    const issuer = await didWebIssuer();
    const jwt = await signJwt(buildOpenBadgeCredential(credentialInput(issuer.did)), { key: issuer.key });
    const result = await verifyCredential(jwt, { documentLoader: issuer.loader(), now, allowedProofs: ['eddsa-rdfc-2022'] });
    expect(failed(result)).toEqual({ proof: ['proof.jwt_alg_unsupported'] });
  });
});

describe('validity period', () => {
  it('fails expired and not-yet-valid credentials on the validity check only', async () => {
    const issuer = await didWebIssuer();
    const credential = buildOpenBadgeCredential(credentialInput(issuer.did, { validFrom: '2024-01-01T00:00:00Z', validUntil: '2024-12-31T00:00:00Z' }));
    const signed = await signDataIntegrity(credential, { key: issuer.key, documentLoader: issuer.loader() });
    expect(failed(await verifyCredential(signed, { documentLoader: issuer.loader(), now }))).toEqual({ validity: ['validity.expired'] });
    expect(await verifyCredential(signed, { documentLoader: issuer.loader(), now: new Date('2024-06-01') })).toMatchObject({ valid: true });
    expect(failed(await verifyCredential(signed, { documentLoader: issuer.loader(), now: new Date('2023-06-01') }))).toEqual({ validity: ['validity.not_yet_valid'] });

    const jwt = await signJwt(credential, { key: issuer.key });
    expect(failed(await verifyCredential(jwt, { documentLoader: issuer.loader(), now }))).toEqual({ validity: ['validity.expired'] });
  });
});

describe('status', () => {
  it('fails a credential revoked in its bitstring status list, and only that one', async () => {
    const issuer = await didWebIssuer();
    await publishList(issuer, [42]);
    expect(failed(await verifyCredential(await revocableCredential(issuer, 42), { documentLoader: issuer.loader(), now }))).toEqual({ status: ['status.revoked'] });
    expect((await verifyCredential(await revocableCredential(issuer, 43), { documentLoader: issuer.loader(), now })).valid).toBe(true);
  });

  it('fails a suspended credential with its own code', async () => {
    const issuer = await didWebIssuer();
    await publishList(issuer, [7], 'suspension');
    const result = await verifyCredential(await revocableCredential(issuer, 7, 'suspension'), { documentLoader: issuer.loader(), now });
    expect(failed(result)).toEqual({ status: ['status.suspended'] });
  });

  it('refuses a status list whose bits were changed after signing, or signed by someone else', async () => {
    const issuer = await didWebIssuer();
    const list = await publishList(issuer, []);
    const credential = await revocableCredential(issuer, 42);
    const bits = createStatusBits();
    setRevoked(bits, 1);
    const tampered = structuredClone(list) as unknown as { credentialSubject: { encodedList: string } };
    const replacement = buildStatusListCredential({ id: LIST_URL, issuer: issuer.did, validFrom: '2024-01-01T00:00:00Z', bits });
    tampered.credentialSubject.encodedList = (replacement.credentialSubject as { encodedList: string }).encodedList;
    issuer.documents.set(LIST_URL, tampered as unknown as Record<string, unknown>);
    expect(failed(await verifyCredential(credential, { documentLoader: issuer.loader(), now }))).toEqual({ status: ['status.list_invalid'] });

    const other = await didWebIssuer('other');
    const foreign = await signDataIntegrity(buildStatusListCredential({ id: LIST_URL, issuer: other.did, validFrom: '2024-01-01T00:00:00Z', bits: createStatusBits() }), {
      key: other.key,
      documentLoader: other.loader(),
    });
    issuer.documents.set(LIST_URL, foreign);
    issuer.documents.set(other.did, other.document as unknown as Record<string, unknown>);
    expect(failed(await verifyCredential(credential, { documentLoader: issuer.loader(), now }))).toEqual({ status: ['status.list_invalid'] });
  });

  it('reuses a status list verified for one credential for the others, never with other keys', async () => {
    const issuer = await didWebIssuer();
    const list = await publishList(issuer, [42]);
    expect(failed(await verifyCredential(await revocableCredential(issuer, 42), { documentLoader: issuer.loader(), now }))).toEqual({ status: ['status.revoked'] });
    expect((await verifyCredential(await revocableCredential(issuer, 43), { documentLoader: issuer.loader(), now })).valid).toBe(true);
    // The same DID now publishes another key under the same id: the list (the same text, kept as
    // verified a moment ago) is verified again with the key this loader gives, and fails.
    const successor = await didWebIssuer();
    expect(successor.did).toBe(issuer.did);
    successor.documents.set(LIST_URL, list);
    const result = await verifyCredential(await revocableCredential(issuer, 43), { documentLoader: successor.loader(), now });
    expect(failed(result).status).toEqual(['status.list_invalid']);
    // The list signed by the new key is trusted in its turn.
    await publishList(successor, []);
    expect((await verifyCredential(await revocableCredential(successor, 43), { documentLoader: successor.loader(), now })).valid).toBe(true);
  });

  it('counts an embedded endorsement withdrawn by its endorser as a warning, not a failure of the credential', async () => {
    const [issuer, endorser] = [await didWebIssuer('acme'), await didWebIssuer('partner')];
    const endorserList = `${BASE}/status/partner/1`;
    const endorsement = await signDataIntegrity(
      buildEndorsementCredential({
        id: `${BASE}/endorsements/e1`,
        issuer: { id: endorser.did, name: 'Partner' },
        validFrom: '2024-01-01T00:00:00Z',
        name: 'Endorsement of Robotics 1 by Partner',
        subjectId: `${BASE}/achievements/robotics-1`,
        comment: 'Solid.',
        credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: endorserList, statusListIndex: 5 },
      }),
      { key: endorser.key, documentLoader: endorser.loader() },
    );
    const unsigned = buildOpenBadgeCredential(credentialInput(issuer.did));
    (unsigned.credentialSubject as { achievement: Record<string, unknown> }).achievement.endorsement = [endorsement];
    const credential = await signDataIntegrity(unsigned, { key: issuer.key, documentLoader: issuer.loader() });
    const documents = new Map([...issuer.documents, ...endorser.documents]);
    const loader = () => createDocumentLoader({ documents });
    await publishList(endorser, [], 'revocation', endorserList);
    documents.set(endorserList, endorser.documents.get(endorserList)!);
    expect(await verifyCredential(credential, { documentLoader: loader(), now })).toMatchObject({ valid: true, warnings: [] });

    await publishList(endorser, [5], 'revocation', endorserList);
    documents.set(endorserList, endorser.documents.get(endorserList)!);
    const withdrawn = await verifyCredential(credential, { documentLoader: loader(), now });
    expect(withdrawn.valid).toBe(true);
    expect(withdrawn.warnings.map((w) => w.code)).toEqual(['endorsements.revoked']);
    expect(withdrawn.endorsements?.[0]?.valid).toBe(false);

    // Anything else wrong with it still fails the credential.
    documents.delete(endorser.did);
    expect(failed(await verifyCredential(credential, { documentLoader: loader(), now }))).toMatchObject({ endorsements: ['endorsements.invalid'] });
  });

  it('warns, without failing, when the status list cannot be obtained', async () => {
    const issuer = await didWebIssuer();
    const result = await verifyCredential(await revocableCredential(issuer), { documentLoader: issuer.loader(), now });
    expect(result.valid).toBe(true);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['status.list_unavailable']);
  });

  it('fails a credential revoked in a 1EdTech Revocation List (with the OB extensions context)', async () => {
    const issuer = await didWebIssuer();
    const listUrl = `${BASE}/organizations/acme/revocations`;
    const credential = buildOpenBadgeCredential(credentialInput(issuer.did, { credentialStatus: { type: '1EdTechRevocationList', id: listUrl } }));
    expect(credential['@context']).toEqual([VC_V2_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT]);
    const signed = await signDataIntegrity(credential, { key: issuer.key, documentLoader: issuer.loader() });
    issuer.documents.set(listUrl, buildRevocationList({ id: listUrl, issuer: issuer.did, revoked: [] }) as unknown as Record<string, unknown>);
    expect((await verifyCredential(signed, { documentLoader: issuer.loader(), now })).valid).toBe(true);
    issuer.documents.set(listUrl, buildRevocationList({ id: listUrl, issuer: issuer.did, revoked: [{ id: credential.id, reason: 'Awarded by mistake' }] }) as unknown as Record<string, unknown>);
    expect(failed(await verifyCredential(signed, { documentLoader: issuer.loader(), now }))).toEqual({ status: ['status.revoked'] });
  });
});

describe('subject and endorsements', () => {
  it('verifies the recipient against a known e-mail address', async () => {
    const issuer = await didWebIssuer();
    const signed = await signDataIntegrity(buildOpenBadgeCredential(credentialInput(issuer.did)), { key: issuer.key, documentLoader: issuer.loader() });
    const verify = (value: string) => verifyCredential(signed, { documentLoader: issuer.loader(), now, recipient: { identityType: 'emailAddress', value } });
    expect((await verify('ada.lovelace@example.org')).valid).toBe(true);
    expect((await verify('  Ada.Lovelace@EXAMPLE.org ')).valid).toBe(true);
    expect(failed(await verify('grace@example.org'))).toEqual({ subject: ['subject.recipient_mismatch'] });
  });

  it('verifies the recipient against any of a holder’s addresses; none known matches no one; a mailto: id counts', async () => {
    const issuer = await didWebIssuer();
    const signed = await signDataIntegrity(buildOpenBadgeCredential(credentialInput(issuer.did)), { key: issuer.key, documentLoader: issuer.loader() });
    const email = (value: string) => ({ identityType: 'emailAddress', value });
    const verify = (recipient: Parameters<typeof verifyCredential>[1]['recipient']) => verifyCredential(signed, { documentLoader: issuer.loader(), now, recipient });
    expect((await verify([email('grace@example.org'), email('ada.lovelace@example.org')])).valid).toBe(true);
    expect(failed(await verify([email('grace@example.org'), email('alan@example.org')]))).toEqual({ subject: ['subject.recipient_mismatch'] });
    expect(failed(await verify([]))).toEqual({ subject: ['subject.recipient_unknown'] });

    const byMailto = buildOpenBadgeCredential(credentialInput(issuer.did));
    (byMailto.credentialSubject as Record<string, unknown>).id = 'mailto:Grace.Hopper@example.org';
    const signedByMailto = await signDataIntegrity(byMailto, { key: issuer.key, documentLoader: issuer.loader() });
    const verifyMailto = (value: string) => verifyCredential(signedByMailto, { documentLoader: issuer.loader(), now, recipient: [email(value)] });
    expect((await verifyMailto('grace.hopper@example.org')).valid).toBe(true);
    expect(failed(await verifyMailto('grace@example.org'))).toEqual({ subject: ['subject.recipient_mismatch'] });
  });

  it('verifies embedded endorsements and fails the credential when one is forged', async () => {
    const [issuer, endorser] = [await didWebIssuer('acme'), await didWebIssuer('region')];
    const endorsement = await signDataIntegrity(
      {
        '@context': [VC_V2_CONTEXT, OB_CONTEXT],
        id: `${BASE}/endorsements/1`,
        type: ['VerifiableCredential', 'EndorsementCredential'],
        name: 'Regional endorsement',
        issuer: { id: endorser.did, type: ['Profile'], name: 'La Normandie badge les compétences' },
        validFrom: '2024-01-01T00:00:00Z',
        credentialSubject: { id: `${BASE}/achievements/robotics-1`, type: ['EndorsementSubject'], endorsementComment: 'Aligned with the regional map.' },
      },
      { key: endorser.key, documentLoader: endorser.loader() },
    );
    const loader = createDocumentLoader({ documents: new Map([...issuer.documents, ...endorser.documents]) });
    const sign = (value: Record<string, unknown>) => {
      const credential = buildOpenBadgeCredential(credentialInput(issuer.did));
      (credential.credentialSubject.achievement as Record<string, unknown>).endorsement = [value];
      return signDataIntegrity(credential, { key: issuer.key, documentLoader: loader });
    };
    const good = await verifyCredential(await sign(endorsement), { documentLoader: loader, now });
    expect(good).toMatchObject({ valid: true, warnings: [] });
    expect(good.endorsements).toHaveLength(1);
    expect(good.endorsements?.[0]?.valid).toBe(true);

    const forged = await verifyCredential(await sign({ ...endorsement, name: 'Forged endorsement' }), { documentLoader: loader, now });
    expect(failed(forged)).toEqual({ endorsements: ['endorsements.invalid'] });
    expect(forged.checks.find((check) => check.id === 'endorsements')?.problems[0]).toMatchObject({
      path: 'credentialSubject.achievement.endorsement[0]',
      detail: 'proof.signature_invalid',
    });
  });
});

describe('inputs and the document loader', () => {
  it('never fetches: unknown URLs are refused, bundled contexts and did:key are served', async () => {
    const loader = createDocumentLoader();
    await expect(loader('https://example.org/issuer')).rejects.toBeInstanceOf(DocumentNotFoundError);
    await expect(loader('did:web:example.org')).rejects.toThrow(/not available offline/);
    expect((await loader(OB_CONTEXT)).document).toHaveProperty('@context');
    const didKey = 'did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';
    expect((await loader(`${didKey}#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi`)).document).toMatchObject({ type: 'Multikey', controller: didKey });
    const resolved = createDocumentLoader({ resolve: (url) => (url === 'https://example.org/x' ? { id: url } : undefined) });
    expect((await resolved('https://example.org/x')).document).toEqual({ id: 'https://example.org/x' });
  });

  it('reports unreadable input instead of throwing', async () => {
    const loader = createDocumentLoader();
    for (const input of ['hello', Buffer.from('not an image'), 42, '{"broken": ', '<svg xmlns="http://www.w3.org/2000/svg"></svg>']) {
      const result = await verifyCredential(input, { documentLoader: loader, now });
      expect(result.valid).toBe(false);
      expect(result.checks[0]?.code).toMatch(/^input\./);
      expect(result.checks.slice(1).every((check) => check.skipped)).toBe(true);
    }
  });
});
