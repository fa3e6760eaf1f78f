// Forward-only migrations: plain numbered SQL files in migrations/, the same on both engines.
// Each file runs in one transaction that first records its name, so two processes migrating
// at once apply it once (the second waits on the unique name, fails, and sees it applied).
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const NAME = /^(\d{3})_[a-z0-9_]+\.sql$/;

export interface Migration {
  name: string;
  sql: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const seen = new Set<string>();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = NAME.exec(file);
    if (!match) throw new Error(`Migration file name ${file} must look like 001_intent.sql`);
    if (seen.has(match[1]!)) throw new Error(`Two migrations share the number ${match[1]}`);
    seen.add(match[1]!);
    migrations.push({ name: file.slice(0, -4), sql: await fs.readFile(`${dir}/${file}`, 'utf8') });
  }
  return migrations;
}

async function applied(database: Database): Promise<Set<string>> {
  const rows = await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(database.db);
  return new Set(rows.rows.map((r) => r.name));
}

/** Applies pending migrations in order; returns the names applied by this call. */
export async function migrate(database: Database, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  try {
    await database.execScript(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
  } catch (error) {
    // Two processes creating the table at the same instant: one wins, the other finds it there.
    if (!(await tableExists(database))) throw error;
  }
  const done = await applied(database);
  const ran: string[] = [];
  for (const m of all) {
    if (done.has(m.name)) continue;
    try {
      await database.execScript(
        `BEGIN;\nINSERT INTO schema_migrations (name) VALUES ('${m.name}');\n${m.sql}\n;\nCOMMIT;`,
      );
      ran.push(m.name);
    } catch (error) {
      if ((await applied(database)).has(m.name)) continue; // another process applied it
      throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
    }
  }
  return ran;
}

async function tableExists(database: Database): Promise<boolean> {
  const r = await sql<{ t: string | null }>`SELECT to_regclass('schema_migrations')::text AS t`.execute(database.db);
  return r.rows[0]?.t != null;
}
