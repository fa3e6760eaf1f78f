// The CLI as an administrator runs it: settings from the environment, on a fresh data folder
// (PGlite) or, on the postgres project, a fresh empty database that the CLI must migrate.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { engine } from './database';

export interface CliRun {
  code: number;
  lines: string[];
  last: string | undefined;
  /** Everything printed, one line each. */
  text: string;
}

/** Registers the set-up and clean-up of one test file; `tag` names its folder and database. */
export function useCliEnvironment(tag: string): { dataDir: string; run: (...args: string[]) => Promise<CliRun> } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `blason-${tag}-`));
  const saved = { ...process.env };
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    process.env.DATA_DIR = dataDir;
    process.env.LOG_LEVEL = 'silent';
    delete process.env.DATABASE_URL;
    delete process.env.BASE_URL; // Vitest sets it to '/' (Vite's base), not a URL
    if (engine === 'postgres') {
      const { default: pg } = await import('pg');
      const url = process.env.TEST_DATABASE_URL as string;
      // blason_t_<run pid>_… is dropped by the global teardown if this file dies first.
      const name = `blason_t_${process.ppid}_${tag.replace(/\W/g, '')}${process.pid}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const u = new URL(url);
      u.pathname = `/${name}`;
      process.env.DATABASE_URL = u.toString();
      dropDatabase = async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      };
    }
  });
  afterAll(async () => {
    process.env = saved;
    await dropDatabase?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(...args: string[]): Promise<CliRun> {
    const lines: string[] = [];
    const code = await runCli(args, (line) => lines.push(line));
    return { code, lines, last: lines.at(-1), text: lines.join('\n') };
  }
  return { dataDir, run };
}
