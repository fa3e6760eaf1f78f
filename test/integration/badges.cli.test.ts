import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { openDatabase } from '../../src/db/database';
import { useCliEnvironment } from '../helpers/cli';
import { engine } from '../helpers/database';

// badges:create, as an administrator runs it: settings from the environment, a fresh data folder
// (PGlite) or, on the postgres project, a fresh database.
describe('badges:create command', { timeout: 90_000 }, () => {
  const { dataDir, run } = useCliEnvironment('badges-cli');

  /** The regional badge "Communiquer" (seed 001) with its two levels, as the API takes it. */
  const communiquer = {
    name: 'Communiquer',
    description: 'Badge régional « La Normandie badge les compétences ».',
    criteria: { narrative: 'Montrer, en situation, sa façon de communiquer.' },
    achievementType: 'Competency',
    resultDescription: [
      {
        name: 'Niveau',
        resultType: 'RubricCriterionLevel',
        rubricCriterionLevel: [
          { level: 'I', name: 'Je pratique', description: 'Interagir avec autrui de manière adaptée à l’oral et/ou à l’écrit.' },
          { level: 'II', name: 'Je maîtrise', description: 'Transmettre des informations pertinentes et adapter sa communication.' },
        ],
      },
    ],
    blason: { validity: { years: 3 }, status: 'published' },
  };

  const file = (name: string, content: string) => {
    const target = path.join(dataDir, name);
    fs.writeFileSync(target, content);
    return target;
  };

  it('creates a badge from the API JSON, acting as the first owner or as --as', async () => {
    expect((await run('users:create', '--email', 'region@example.org', '--password', 'correct horse battery', '--verified')).code).toBe(0);
    expect((await run('users:create', '--email', 'other@example.org', '--password', 'correct horse battery', '--verified')).code).toBe(0);
    expect((await run('orgs:create', '--name', 'Région Normandie', '--owner', 'region@example.org')).last).toBe('region-normandie');

    const created = await run('badges:create', '--org', 'region-normandie', '--file', file('communiquer.json', JSON.stringify(communiquer)));
    expect(created.code).toBe(0);
    expect(created.last).toMatch(/^[a-z2-9]{16}$/);
    const again = await run('badges:create', '--org', 'region-normandie', '--file', file('organiser.json', JSON.stringify({ ...communiquer, name: 'Organiser' })), '--as', 'REGION@example.org');
    expect(again.code).toBe(0);

    const database = await openDatabase(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir });
    try {
      const row = await database.db
        .selectFrom('badges')
        .innerJoin('badge_versions', 'badge_versions.badge_id', 'badges.id')
        .select(['badges.status', 'badges.settings', 'badge_versions.achievement', 'badge_versions.created_by'])
        .where('badges.public_id', '=', created.last ?? '')
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('published');
      expect(row.settings).toEqual({ validity: { years: 3 } });
      expect(row.achievement).toMatchObject({ name: 'Communiquer', achievementType: 'Competency', resultDescription: [{ id: '#levels', rubricCriterionLevel: [{ id: '#level-1', level: 'I' }, { id: '#level-2', level: 'II' }] }] });
      expect(row.created_by).not.toBeNull();
    } finally {
      await database.close();
    }
  });

  it('refuses a non-member, an unknown organisation, invalid and unreadable files with exit code 1', async () => {
    const good = file('good.json', JSON.stringify(communiquer));
    expect((await run('badges:create', '--org', 'region-normandie', '--file', good, '--as', 'other@example.org')).code).toBe(1);
    expect((await run('badges:create', '--org', 'region-normandie', '--file', good, '--as', 'nobody@example.org')).code).toBe(1);
    expect((await run('badges:create', '--org', 'nowhere', '--file', good)).code).toBe(1);
    expect((await run('badges:create', '--org', 'region-normandie', '--file', file('bad.json', JSON.stringify({ name: 'x' })))).code).toBe(1);
    expect((await run('badges:create', '--org', 'region-normandie', '--file', file('broken.json', '{ not json'))).code).toBe(1);
    expect((await run('badges:create', '--org', 'region-normandie', '--file', path.join(dataDir, 'missing.json'))).code).toBe(1);
    expect((await run('badges:create', '--org', 'region-normandie')).code).toBe(2); // missing --file
  });
});
