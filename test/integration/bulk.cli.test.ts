// `credentials:issue-csv` as an administrator runs it: settings from the environment, a fresh data
// folder (PGlite) or, on the postgres project, a fresh database. Without --yes only the preview is
// shown; with --yes the batch is issued in process; the batch id is the last line either way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { openDatabase } from '../../src/db/database';
import { communiquer } from '../helpers/awards';
import { useCliEnvironment } from '../helpers/cli';
import { engine } from '../helpers/database';

describe('credentials:issue-csv command', { timeout: 90_000 }, () => {
  const { dataDir, run } = useCliEnvironment('bulk-cli');
  let badge = '';

  const file = (name: string, text: string) => {
    const target = path.join(dataDir, name);
    fs.writeFileSync(target, text);
    return target;
  };

  beforeAll(async () => {
    expect((await run('users:create', '--email', 'owner@region.example', '--password', 'correct horse battery', '--verified')).code).toBe(0);
    const org = await run('orgs:create', '--name', 'Région Normandie', '--owner', 'owner@region.example');
    const created = await run('badges:create', '--org', org.last!, '--file', file('badge.json', JSON.stringify(communiquer)));
    expect(created.code, created.lines.join('\n')).toBe(0);
    badge = created.last!;
  });

  const csv = 'Email,Name,Level,Issued\nada@example.org,Ada,II,10/01/2025\nbob@example.org,Bob,III,\ncy@example.org,Cy,,2025-01-02\n';

  it('shows the preview and issues nothing without --yes', async () => {
    const res = await run('credentials:issue-csv', '--badge', badge, '--file', file('promo.csv', csv));
    expect(res.code, res.lines.join('\n')).toBe(0);
    expect(res.lines).toContain('3 rows: 2 valid, 1 with errors.');
    expect(res.lines).toContain('  row 3 (bob@example.org): Unknown level for this badge.');
    expect(res.lines).toContain('Nothing issued yet: run again with --yes to issue 2 credentials.');
    expect(res.last).toMatch(/^[a-z2-9]{16}$/);
  });

  it('issues the same batch with --yes, once', async () => {
    const first = await run('credentials:issue-csv', '--badge', badge, '--file', file('promo.csv', csv));
    const res = await run('credentials:issue-csv', '--badge', badge, '--file', file('promo.csv', csv), '--yes');
    expect(res.code, res.lines.join('\n')).toBe(0);
    expect(res.lines).toContain('Done: 2 of 2 credentials issued.');
    expect(res.last).toBe(first.last);
    const again = await run('credentials:issue-csv', '--badge', badge, '--file', file('promo.csv', csv), '--yes');
    expect(again.lines[0]).toBe(`This file was uploaded for this badge already (batch ${first.last}, done).`);
    expect(again.lines).toContain('Done: 2 of 2 credentials issued.');
    const database = await openDatabase(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir });
    try {
      const rows = await database.db.selectFrom('credentials').select(['recipient_email', 'level']).orderBy('recipient_email').execute();
      expect(rows).toEqual([
        { recipient_email: 'ada@example.org', level: 'Je maîtrise' },
        { recipient_email: 'cy@example.org', level: null },
      ]);
      const job = await database.db.selectFrom('jobs').select(['status']).where('name', '=', 'bulk.issue').execute();
      expect(job).toEqual([{ status: 'done' }]);
    } finally {
      await database.close();
    }
  });

  it('refuses an unreadable file (2) and a file without an e-mail column (1)', async () => {
    expect((await run('credentials:issue-csv', '--badge', badge, '--file', path.join(dataDir, 'missing.csv'))).code).toBe(2);
    expect((await run('credentials:issue-csv', '--badge', badge, '--file', file('bad.csv', 'nom\nAda\n'))).code).toBe(1);
  });
});
