import type { Response as InjectResponse } from 'light-my-request';
// Awarding in tests: an issuing organisation with published badges, the API calls, and a document
// loader that serves this platform's DID documents and status lists without HTTP (as a verifier would
// fetch them), so that issued credentials are verified by the credentials library.
import { expect } from 'vitest';
import { localStatusDocument } from '../../src/awards/revocation.service';
import { randomUUID } from 'node:crypto';
import { buildOpenBadgeCredential, createDocumentLoader, signDataIntegrity, type DocumentLoader } from '../../src/credentials';
import { BASE, credentialInput, didKeyIssuer } from '../fixtures/credentials/issuer';
import { organizationDidDocument } from '../../src/issuers/issuers.service';
import type { TestPlatform } from './platform';
import { type TestUser, bearer, createTestUser } from './users';

/** The regional badge "Communiquer" (seed 001): two levels, three years of validity. */
export const communiquer = {
  name: 'Communiquer',
  description: 'Badge régional « La Normandie badge les compétences ».',
  criteria: { narrative: 'Montrer, en situation, sa façon de communiquer.' },
  achievementType: 'Competency',
  resultDescription: [
    {
      name: 'Niveau',
      resultType: 'RubricCriterionLevel',
      rubricCriterionLevel: [
        { level: 'I', name: 'Je pratique', description: 'Interagir avec autrui de manière adaptée.' },
        { level: 'II', name: 'Je maîtrise', description: 'Adapter sa communication.' },
      ],
    },
  ],
  blason: { validity: { years: 3 }, status: 'published' },
};

/** A badge without levels nor validity. */
export const tutorat = {
  name: 'Tutorat',
  description: 'Le CFA accompagne ses apprentis par un tutorat en ligne.',
  criteria: { narrative: 'Présenter le dispositif de tutorat au comité.' },
  blason: { status: 'published' },
};

export type Api = (user: TestUser | null, method: 'GET' | 'POST', url: string, payload?: unknown) => Promise<InjectResponse>;

export function apiOf(p: TestPlatform): Api {
  return (user, method, url, payload) =>
    p.app.inject({ method, url: `/api/v1${url}`, headers: user ? bearer(user) : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

export async function createOrganization(p: TestPlatform, owner: TestUser, name: string): Promise<string> {
  const res = await apiOf(p)(owner, 'POST', '/organizations', { name });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().slug as string;
}

export async function createBadge(p: TestPlatform, owner: TestUser, slug: string, body: object): Promise<string> {
  const res = await apiOf(p)(owner, 'POST', `/organizations/${slug}/badges`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

export async function addMember(p: TestPlatform, slug: string, user: TestUser, roles: ('owner' | 'admin' | 'designer' | 'issuer' | 'reviewer')[]): Promise<void> {
  const org = await p.deps.db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  await p.deps.db.insertInto('memberships').values({ organization_id: org.id, user_id: user.id, roles }).execute();
}

/** Awards through the API; expects 201 and returns `{id, credential}`. */
export async function award(p: TestPlatform, user: TestUser, badgeId: string, body: object): Promise<{ id: string; credential: Record<string, unknown> }> {
  const res = await apiOf(p)(user, 'POST', `/badges/${badgeId}/credentials`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/**
 * A loader serving what a verifier would fetch from this platform: organisations' did:web documents
 * (did:web:<host>:organizations:<slug>) and the status lists and revocation lists under BASE_URL.
 */
export function platformLoader(p: TestPlatform): DocumentLoader {
  return createDocumentLoader({
    resolve: async (url) => {
      const did = /^did:web:[^:#]+:organizations:([^:#]+)$/.exec(url);
      if (did) return organizationDidDocument(p.deps, decodeURIComponent(did[1]!));
      return localStatusDocument(p.deps, url);
    },
  });
}

/** Mails enqueued so far (payloads of mail.send jobs), optionally to one address. */
export async function queuedMails(p: TestPlatform, to?: string): Promise<{ to: string; template: string; locale: string; params: Record<string, string> }[]> {
  const jobs = await p.deps.db.selectFrom('jobs').select(['payload']).where('name', '=', 'mail.send').orderBy('id').execute();
  const mails = jobs.map((j) => (typeof j.payload === 'string' ? JSON.parse(j.payload) : j.payload)) as { to: string; template: string; locale: string; params: Record<string, string> }[];
  return to ? mails.filter((m) => m.to === to) : mails;
}

/** The claim token of the last claim mail sent to `to`. */
export async function claimToken(p: TestPlatform, to: string): Promise<string> {
  const mail = (await queuedMails(p, to)).filter((m) => m.template === 'awards.claim').at(-1);
  if (!mail) throw new Error(`No claim mail to ${to}`);
  return mail.params.url!.split('/claim/')[1]!;
}

/** Communotic (owned by pilote@reseau.example) awards Tutorat to ada@cfa.example; bob@ailleurs.example holds nothing: the import tests' cast. */
export async function tutoratAwardedToAda(
  p: TestPlatform,
): Promise<{ owner: TestUser; ada: TestUser; bob: TestUser; badge: string; issued: { id: string; credential: Record<string, unknown> } }> {
  const owner = await createTestUser(p, { email: 'pilote@reseau.example' });
  const ada = await createTestUser(p, { email: 'ada@cfa.example' });
  const bob = await createTestUser(p, { email: 'bob@ailleurs.example' });
  const slug = await createOrganization(p, owner, 'Communotic');
  const badge = await createBadge(p, owner, slug, tutorat);
  return { owner, ada, bob, badge, issued: await award(p, owner, badge, { recipient: { email: ada.email } }) };
}

/** A badge held elsewhere: an OB 3.0 credential awarded to `email` by another issuer (a did:key), signed here. */
export async function heldElsewhere(email: string): Promise<Record<string, unknown>> {
  const issuer = await didKeyIssuer();
  const credential = buildOpenBadgeCredential(credentialInput(issuer.did, { id: `${BASE}/credentials/${randomUUID()}`, recipient: { email, salt: randomUUID() } }));
  return (await signDataIntegrity(credential, { key: issuer.key, documentLoader: issuer.loader() })) as Record<string, unknown>;
}
