import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { readPngCredential, readSvgCredential } from '../../src/credentials';
import { openDatabase } from '../../src/db/database';
import { communiquer } from '../helpers/awards';
import { useCliEnvironment } from '../helpers/cli';
import { engine } from '../helpers/database';

// credentials:issue and credentials:revoke, as an administrator runs them: settings from the
// environment, a fresh data folder (PGlite) or, on the postgres project, a fresh database.
describe('credentials:issue and credentials:revoke commands', { timeout: 90_000 }, () => {
  const { dataDir, run } = useCliEnvironment('awards-cli');

  const target = (name: string) => path.join(dataDir, name);

  async function credentialRow(publicId: string) {
    const database = await openDatabase(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir });
    try {
      return await database.db
        .selectFrom('credentials')
        .select(['recipient_email', 'revoked_at', 'revocation_reason', 'issued_by', 'valid_until'])
        .where('public_id', '=', publicId)
        .executeTakeFirstOrThrow();
    } finally {
      await database.close();
    }
  }

  let badge = '';

  // Each command opens the data folder and migrates: slow on a loaded machine.
  it('issues a credential as the first owner, writes the chosen form, prints the id last', { timeout: 120_000 }, async () => {
    expect((await run('users:create', '--email', 'region@example.org', '--password', 'correct horse battery', '--verified')).code).toBe(0);
    expect((await run('orgs:create', '--name', 'Région Normandie', '--owner', 'region@example.org')).last).toBe('region-normandie');
    fs.writeFileSync(target('communiquer.json'), JSON.stringify(communiquer));
    badge = (await run('badges:create', '--org', 'region-normandie', '--file', target('communiquer.json'))).last ?? '';

    const png = await run('credentials:issue', '--badge', badge, '--to', 'Ada@Example.org', '--out', target('ada.png'), '--format', 'png');
    expect(png.code, png.lines.join('\n')).toBe(0);
    expect(png.last).toMatch(/^[a-z2-9]{16}$/);
    const baked = JSON.parse(readPngCredential(fs.readFileSync(target('ada.png')))!);
    expect(baked.id).toMatch(new RegExp(`/credentials/${png.last}$`));
    expect(baked.proof.cryptosuite).toBe('eddsa-rdfc-2022');
    const row = await credentialRow(png.last!);
    expect(row.recipient_email).toBe('ada@example.org');
    expect(row.issued_by).not.toBeNull();
    expect(row.valid_until).not.toBeNull(); // three years, from the badge

    const svg = await run('credentials:issue', '--badge', badge, '--to', 'grace@example.org', '--out', target('grace.svg'), '--format', 'svg');
    expect(JSON.parse(readSvgCredential(fs.readFileSync(target('grace.svg')))!).id).toMatch(new RegExp(`${svg.last}$`));
    const jwt = await run('credentials:issue', '--badge', badge, '--to', 'grace@example.org', '--out', target('grace.jwt'), '--format', 'jwt');
    expect(fs.readFileSync(target('grace.jwt'), 'utf8')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(jwt.code).toBe(0);
    const plain = await run('credentials:issue', '--badge', badge, '--to', 'linus@example.org');
    expect(plain.code).toBe(0);
    expect(plain.last).toMatch(/^[a-z2-9]{16}$/);
  });

  it('revokes with a reason; refuses twice, unknown ids and bad input', { timeout: 120_000 }, async () => {
    const issued = await run('credentials:issue', '--badge', badge, '--to', 'eve@example.org');
    const id = issued.last!;
    const revoked = await run('credentials:revoke', id, '--reason', 'Attribué par erreur');
    expect(revoked.code, revoked.lines.join('\n')).toBe(0);
    expect(await credentialRow(id)).toMatchObject({ revocation_reason: 'Attribué par erreur', revoked_at: expect.any(Date) });
    expect((await run('credentials:revoke', id, '--reason', 'Encore')).code).toBe(1);
    expect((await run('credentials:revoke', 'inconnu', '--reason', 'x')).code).toBe(1);
    expect((await run('credentials:revoke', id)).code).toBe(2); // missing --reason
    expect((await run('credentials:issue', '--badge', badge, '--to', 'pas-une-adresse')).code).toBe(1);
    expect((await run('credentials:issue', '--badge', 'inconnu', '--to', 'a@example.org')).code).toBe(1);
    expect((await run('credentials:issue', '--badge', badge, '--to', 'a@example.org', '--format', 'pdf')).code).toBe(2);
  });
});
