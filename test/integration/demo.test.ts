// `blason demo:load`: the seeds' scenarios loaded through the services — Communotic's key badge
// awarded by its rule to Camille, an application awaiting the holders' votes, the CFA label awarded
// to the CFA de Caen (not to Rouen, two badges short), the regional badges with two levels — and
// loading again changes nothing.
import { describe, expect, it } from 'vitest';
import { useCliEnvironment } from '../helpers/cli';

describe('demo:load', { timeout: 90_000 }, () => {
  const cli = useCliEnvironment('demo');

  it('loads the scenarios once, with people who can sign in, and the rules already settled', async () => {
    const first = await cli.run('demo:load');
    expect(first.code, first.text).toBe(0);
    expect(first.text).toContain('Loaded 6 organisations, 32 badges and 33 awarded badges');
    expect(first.text).toContain('admin@blason.demo');
    expect(first.text).toContain('pilote@communotic.demo');
    expect(first.text).toContain('password "badges-normandie"');

    const { loadConfig } = await import('../../src/config');
    const { openPlatform } = await import('../../src/platform/runtime');
    const platform = await openPlatform(loadConfig());
    try {
      const db = platform.deps.db;
      const held = (recipient: string) =>
        db
          .selectFrom('credentials as c')
          .leftJoin('organizations as o', 'o.id', 'c.recipient_organization_id')
          .select([(eb) => eb.ref('c.document').$castTo<{ credentialSubject: { achievement: { name: string } } }>().as('document'), 'c.rule_basis'])
          .where((eb) => eb.or([eb('c.recipient_email', '=', recipient), eb('o.name', '=', recipient)]))
          .execute();
      const camille = await held('camille.martin@cfa-bayeux.demo');
      const key = camille.find((c) => c.rule_basis);
      expect(key?.document.credentialSubject.achievement.name).toBe("Référent(e) numérique d'organisme de formation");
      expect(key?.rule_basis).toHaveLength(3);
      expect((await held('lea.petit@cfa-alencon.demo')).some((c) => c.rule_basis)).toBe(false);
      const caen = await held('CFA de Caen');
      expect(caen.filter((c) => c.rule_basis).map((c) => c.document.credentialSubject.achievement.name)).toEqual(['CFA numérique normand']);
      expect(caen.find((c) => c.rule_basis)?.rule_basis).toHaveLength(10);
      expect((await held('CFA de Rouen')).some((c) => c.rule_basis)).toBe(false);
      const applications = await db.selectFrom('applications').select('status').orderBy('id').execute();
      expect(applications).toEqual([{ status: 'pending' }, { status: 'accepted' }]);
      // C: the CFA de Caen joined the Region's network; its badge is mapped and endorsed; Camille is offered Communiquer.
      const mapping = await db.selectFrom('badge_mappings').select(['status', 'level', 'endorsement_id']).executeTakeFirstOrThrow();
      expect(mapping).toMatchObject({ status: 'active', level: 'Je pratique' });
      expect(mapping.endorsement_id).not.toBeNull();
      expect(await db.selectFrom('regional_offers').select(['recipient_email', 'status']).execute()).toEqual([{ recipient_email: 'camille.martin@cfa-bayeux.demo', status: 'offered' }]);
      const levels = await db.selectFrom('badges').innerJoin('badge_versions', 'badge_versions.badge_id', 'badges.id').select('badge_versions.achievement').execute();
      expect(levels.filter((l) => JSON.stringify(l.achievement).includes('Je maîtrise'))).toHaveLength(4);
      const pathways = await db.selectFrom('pathways').select(['name', 'steps']).execute();
      expect(pathways.map((x) => x.name)).toEqual(['Robotique éducative']);
      expect(pathways[0]!.steps).toHaveLength(4);
    } finally {
      await platform.close();
    }

    const again = await cli.run('demo:load');
    expect(again.code).toBe(0);
    expect(again.last).toBe('The demo is already loaded.');
  });
});
