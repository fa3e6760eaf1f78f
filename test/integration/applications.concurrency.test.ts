// Many examiners voting at once: every application is decided exactly once, by the rule applied to
// the verdicts in their order of arrival, no verdict is stored after the deciding one, late votes
// get 409, and each acceptance has exactly one credential. On PostgreSQL: 1,000 concurrent votes
// over 100 applications (the figure); on PGlite (one connection) a smaller run of the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/applications/applications';
import { castVerdict } from '../../src/applications/reviews.service';
import type { Actor } from '../../src/platform/deps';
import { AppError } from '../../src/errors';
import { apiOf, award, createBadge, createOrganization } from '../helpers/awards';
import { engine } from '../helpers/database';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser } from '../helpers/users';

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('concurrent verdicts', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let examiners: TestUser[];
  let applicants: TestUser[];
  let badgeId = '';
  const applications: string[] = [];
  const QUORUM = 2;

  beforeAll(async () => {
    p = await testPlatform();
    const count = engine === 'postgres' ? 100 : 20;
    owner = await createTestUser(p, { email: 'owner@communotic.example' });
    const slug = await createOrganization(p, owner, 'Communotic');
    badgeId = await createBadge(p, owner, slug, {
      name: 'Outils numériques pédagogiques',
      description: 'Intègre les outils numériques.',
      criteria: { narrative: 'Montrer les outils mis en œuvre.' },
      blason: { status: 'published', review: { mode: 'holders', quorum: QUORUM } },
    });
    examiners = [];
    for (let i = 0; i < 10; i++) examiners.push(await createTestUser(p, { email: `holder${i}@cfa.example` }));
    for (const e of examiners) await award(p, owner, badgeId, { recipient: { email: e.email } });
    applicants = [];
    for (let i = 0; i < count; i++) applicants.push(await createTestUser(p, { email: `applicant${i}@cfa.example` }));
    for (const a of applicants) {
      const res = await apiOf(p)(a, 'POST', `/badges/${badgeId}/applications`, { narrative: `Demande de ${a.email}`, submit: true });
      expect(res.statusCode, res.body).toBe(201);
      applications.push(res.json().id);
    }
  }, 240_000);
  afterAll(async () => {
    await p.close();
  });

  it('decides each application exactly once, by the rule, with one credential per acceptance', async () => {
    const next = random(20261123);
    const actor = (u: TestUser): Actor => ({ id: u.id, publicId: u.publicId, displayName: u.displayName, isAdmin: false, locale: 'fr' });
    // Every examiner votes on every application: 10 votes each (1,000 over 100 on PostgreSQL), all at once.
    const votes = applications.flatMap((id) => examiners.map((e) => ({ id, e, verdict: next() < 0.5 ? ('yes' as const) : ('no' as const) })));
    for (let i = votes.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [votes[i], votes[j]] = [votes[j]!, votes[i]!];
    }
    const outcomes = await Promise.all(
      votes.map((v) =>
        castVerdict(p.deps, actor(v.e), v.id, { verdict: v.verdict }).then(
          (r) => ({ ok: true as const, decided: r.decided }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
      ),
    );
    const failures = outcomes.filter((o) => !o.ok).map((o) => (o as { error: unknown }).error);
    for (const f of failures) {
      expect(f, String(f)).toBeInstanceOf(AppError);
      expect((f as AppError).messageKey).toBe('applications.verdict.decided');
    }
    expect(outcomes.filter((o) => o.ok && o.decided)).toHaveLength(applications.length);
    // With 10 examiners and a quorum of 2, most votes arrive after the decision.
    expect(failures.length).toBeGreaterThan(votes.length / 2);

    const rows = await p.deps.db.selectFrom('applications').select(['id', 'public_id', 'status', 'credential_id']).where('public_id', 'in', applications).execute();
    for (const row of rows) {
      const verdicts = await p.deps.db.selectFrom('verdicts').select(['id', 'verdict']).where('application_id', '=', row.id).orderBy('id').execute();
      const decision = decide(
        verdicts.map((v) => v.verdict),
        QUORUM,
      );
      expect(decision, row.public_id).not.toBeNull();
      // The stored decision is the rule's on the stored order, and nothing was stored after it.
      expect(row.status).toBe(decision!.decision);
      expect(verdicts).toHaveLength(decision!.at);
      const credentials = await p.deps.db.selectFrom('credentials').select('id').where('badge_id', '=', (await p.deps.db.selectFrom('badges').select('id').where('public_id', '=', badgeId).executeTakeFirstOrThrow()).id).where('recipient_email', '=', (await p.deps.db.selectFrom('applications').select('recipient_email').where('id', '=', row.id).executeTakeFirstOrThrow()).recipient_email!).execute();
      expect(credentials).toHaveLength(row.status === 'accepted' ? 1 : 0);
      if (row.status === 'accepted') expect(row.credential_id).toBe(credentials[0]!.id);
    }
    // Every vote is either stored or refused as late: none lost.
    const stored = await p.deps.db.selectFrom('verdicts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n) + failures.length).toBe(votes.length);
    const decidedJobs = await p.deps.db.selectFrom('jobs').select('dedupe_key').where('name', '=', 'applications.decided').execute();
    expect(new Set(decidedJobs.map((j) => j.dedupe_key)).size).toBe(applications.length);
    expect(decidedJobs).toHaveLength(applications.length);
  }, 240_000);
});
