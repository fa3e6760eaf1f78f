import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { lockDataDir } from '../../src/db/lock';
import { useCliEnvironment } from '../helpers/cli';
import { engine } from '../helpers/database';

// The CLI reads its settings from the environment, as in production: point it at a fresh data
// folder (PGlite) or, on the postgres project, at a fresh database.
describe('command line', { timeout: 90_000 }, () => {
  const { dataDir, run } = useCliEnvironment('cli');

  it('creates an administrator, a token and an organisation on an empty database', async () => {
    const user = await run('users:create', '--email', 'Admin@Example.org', '--password', 'correct horse battery', '--admin', '--verified');
    expect(user.code).toBe(0);

    const token = await run('tokens:create', '--email', 'admin@example.org');
    expect(token.code).toBe(0);
    expect(token.last).toMatch(/^blason_[\w-]{20,}$/);

    const org = await run('orgs:create', '--name', 'Région Normandie', '--owner', 'admin@example.org');
    expect(org.code).toBe(0);
    expect(org.last).toBe('region-normandie');

    expect((await run('migrate')).code).toBe(0);
  });

  it('refuses bad input with exit code 1 and changes nothing', async () => {
    const dup = await run('users:create', '--email', 'admin@example.org', '--password', 'another long password');
    expect(dup.code).toBe(1);
    const unknownOwner = await run('orgs:create', '--name', 'X', '--owner', 'nobody@example.org');
    expect(unknownOwner.code).toBe(1);
    const noUser = await run('tokens:create', '--email', 'nobody@example.org');
    expect(noUser.code).toBe(1);
  });

  it('answers usage errors with exit code 2', async () => {
    expect((await run('users:create', '--email', 'a@b.org')).code).toBe(2); // missing --password
    expect((await run('no-such-command')).code).toBe(2);
  });

  it.runIf(engine === 'pglite')('says clearly that the data folder is in use and exits 2 (the real bin)', () => {
    const release = lockDataDir(dataDir); // as the running server does
    try {
      const result = spawnSync(process.execPath, ['bin/blason.js', 'migrate'], {
        env: { ...process.env, DATA_DIR: dataDir },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('in use by another Blason process');
    } finally {
      release();
    }
  });
});
