// `credentials:verify <file|url> [--json]` as an administrator runs it: settings from the environment,
// a fresh data folder (PGlite) or, on the postgres project, a fresh database. Exit 0 valid, 1 invalid,
// 2 unusable input.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { loadConfig } from '../../src/config';
import { didKeySigningKey, generateKeyPair, prepareSigningKey } from '../../src/credentials';
import { issuerSigningKey } from '../../src/issuers/issuers.service';
import { getOrganization } from '../../src/organizations/organizations.service';
import { openPlatform } from '../../src/platform/runtime';
import { useCliEnvironment } from '../helpers/cli';
import { engine } from '../helpers/database';
import { badgeInput, signedForms } from '../helpers/verify';

describe('credentials:verify command', { timeout: 90_000 }, () => {
  const { dataDir, run } = useCliEnvironment('verify-cli');

  const file = (name: string, content: string | Buffer) => {
    const target = path.join(dataDir, name);
    fs.writeFileSync(target, content);
    return target;
  };

  it('exits 0 for a valid credential, whatever the file is called, and prints a summary', async () => {
    const key = await prepareSigningKey(didKeySigningKey(await generateKeyPair()));
    const forms = await signedForms(key, badgeInput(key.controller));
    const json = await run('credentials:verify', file('badge.json', JSON.stringify(forms.credential)));
    expect(json.code).toBe(0);
    expect(json.lines[0]).toBe('VALID: This badge is genuine and valid.');
    expect(json.text).toContain('Badge:        Robotique — niveau 1');
    expect(json.text).toContain('[passed] Signature: The signature is genuine');
    expect((await run('credentials:verify', file('badge.bin', forms.png))).code).toBe(0);
    expect((await run('credentials:verify', file('badge.json', forms.jwt))).code).toBe(0);
    expect((await run('credentials:verify', file('badge.png', forms.svg))).code).toBe(0);

    const asJson = await run('credentials:verify', file('badge.txt', forms.jwt), '--json');
    expect(asJson.code).toBe(0);
    const body = JSON.parse(asJson.text);
    expect(body).toMatchObject({ valid: true, verdict: 'valid', format: 'jwt' });
    expect(body.checks.map((c: { id: string }) => c.id)).toEqual(['schema', 'subject', 'proof', 'status', 'validity', 'endorsements']);
  });

  it('exits 1 for an altered or expired credential', async () => {
    const key = await prepareSigningKey(didKeySigningKey(await generateKeyPair()));
    const forms = await signedForms(key, badgeInput(key.controller));
    const altered = await run('credentials:verify', file('altered.json', JSON.stringify({ ...forms.credential, name: 'Autre' })));
    expect(altered.code).toBe(1);
    expect(altered.lines[0]).toBe('NOT VALID: This badge is not genuine: the signature does not match: the badge was altered or forged.');
    expect(altered.text).toContain('[FAILED] Signature');
    const expired = await signedForms(key, badgeInput(key.controller, { validUntil: '2025-02-01T00:00:00Z' }));
    const out = await run('credentials:verify', file('expired.json', JSON.stringify(expired.credential)), '--json');
    expect(out.code).toBe(1);
    expect(JSON.parse(out.text)).toMatchObject({ valid: false, verdict: 'expired' });
  });

  it('exits 2 for unusable input: a missing file, not a credential, an unreachable or refused URL', async () => {
    const missing = await run('credentials:verify', path.join(dataDir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.text).toContain('The file cannot be read.');
    const garbage = await run('credentials:verify', file('notes.txt', 'just some notes'), '--json');
    expect(garbage.code).toBe(2);
    expect(JSON.parse(garbage.text).checks[0]).toMatchObject({ code: 'input.unreadable', passed: false });
    const ours = await run('credentials:verify', 'http://localhost:3000/credentials/unknown');
    expect(ours.code).toBe(2);
    expect(ours.text).toContain('No badge was found at this address.');
    const plainHttp = await run('credentials:verify', 'http://other.example/badge.json', '--json');
    expect(plainHttp.code).toBe(2);
    expect(JSON.parse(plainHttp.text).checks[0].code).toBe('input.url_refused');
  });

  it("verifies a credential of one of the platform's organisations against its own DID document, locally", async () => {
    expect((await run('users:create', '--email', 'owner@cfa.example', '--password', 'correct horse battery', '--verified')).code).toBe(0);
    const org = await run('orgs:create', '--name', 'CFA Numérique', '--owner', 'owner@cfa.example');
    const slug = org.lines.at(-1)!;
    const platform = await openPlatform(loadConfig(), {});
    let signed: Awaited<ReturnType<typeof signedForms>>;
    try {
      const key = await prepareSigningKey(await issuerSigningKey(platform.deps, await getOrganization(platform.deps, slug)));
      expect(key.controller).toBe(`did:web:localhost%3A3000:organizations:${slug}`);
      signed = await signedForms(key, badgeInput(key.controller));
    } finally {
      await platform.close();
    }
    const ok = await run('credentials:verify', file('org.png', signed.png));
    expect(ok.code, ok.text).toBe(0);
    expect(ok.text).toContain(`(did:web:localhost%3A3000:organizations:${slug})`);
  });
});
