// `npm run blason -- <command>` (or the `blason` bin): administration from the shell.
// Every command migrates first, so it works on a fresh data folder or an empty database.
import fs from 'node:fs';
import { Command, CommanderError } from 'commander';
import pino from 'pino';
import { createApiTokenForEmail, createUser } from '../accounts/accounts.service';
import { getCredential, issueCredentialFromCli } from '../awards/awards.service';
import { credentialDownload } from '../awards/downloads';
import { revokeCredentialFromCli } from '../awards/revocation.service';
import { createBadgeFromCli } from '../badges/badges.service';
import { issueCsvFromCli } from '../bulk/bulk.cli';
import { ConfigError, loadConfig } from '../config';
import { DEMO_PASSWORD, loadDemo } from '../demo/demo';
import { DataDirLockedError } from '../db/lock';
import { AppError } from '../errors';
import { translator } from '../i18n';
import { createOrganizationForOwnerEmail } from '../organizations/organizations.service';
import { type Platform, openPlatform } from '../platform/runtime';
import { runVerifyCommand } from '../verify/verify.cli';

/** Exit codes: 0 done, 1 refused (bad input, conflict), 2 unusable (settings, data folder busy, usage). */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

async function withPlatform<T>(run: (platform: Platform) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // Logs go to stderr so that stdout carries only the command's answer.
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const platform = await openPlatform(config, { log });
  try {
    return await run(platform);
  } finally {
    await platform.close();
  }
}

export function buildCli(out: (line: string) => void): Command {
  const program = new Command('blason')
    .description('Blason — Open Badges 3.0 platform: administration commands')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => process.stderr.write(s) });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      await withPlatform(async () => {});
      out('Database is up to date.');
    });

  program
    .command('users:create')
    .description('create an account (the first administrator, for instance)')
    .requiredOption('--email <email>', 'e-mail address')
    .requiredOption('--password <password>', 'password (at least 10 characters)')
    .option('--name <name>', 'display name')
    .option('--admin', 'make the account a platform administrator', false)
    .option('--verified', 'mark the e-mail address as verified (no verification mail)', false)
    .option('--locale <locale>', 'fr or en', 'fr')
    .action(async (opts: { email: string; password: string; name?: string; admin: boolean; verified: boolean; locale: string }) => {
      const user = await withPlatform(({ deps }) =>
        createUser(deps, {
          email: opts.email,
          password: opts.password,
          ...(opts.name ? { displayName: opts.name } : {}),
          admin: opts.admin,
          verified: opts.verified,
          locale: opts.locale === 'en' ? 'en' : 'fr',
        }),
      );
      out(`Created ${opts.admin ? 'administrator' : 'account'} ${opts.email.trim().toLowerCase()}`);
      out(user.publicId);
    });

  program
    .command('tokens:create')
    .description('create a personal API token for an account; prints it as the last line')
    .requiredOption('--email <email>', "the account's e-mail address")
    .option('--name <name>', 'a name to recognise the token by', 'CLI')
    .action(async (opts: { email: string; name: string }) => {
      const { token } = await withPlatform(({ deps }) => createApiTokenForEmail(deps, opts.email, opts.name));
      out('Keep this token secret; it is shown only once:');
      out(token);
    });

  program
    .command('orgs:create')
    .description("create an organisation owned by an account; prints the organisation's slug as the last line")
    .requiredOption('--name <name>', 'name of the organisation')
    .requiredOption('--owner <email>', "the owner's e-mail address")
    .option('--description <text>', 'description')
    .option('--url <url>', 'web site (https://…)')
    .action(async (opts: { name: string; owner: string; description?: string; url?: string }) => {
      const { slug } = await withPlatform(({ deps }) =>
        createOrganizationForOwnerEmail(deps, {
          name: opts.name,
          ownerEmail: opts.owner,
          ...(opts.description ? { description: opts.description } : {}),
          ...(opts.url ? { url: opts.url } : {}),
        }),
      );
      out(`Created organisation ${opts.name}`);
      out(slug);
    });

  program
    .command('badges:create')
    .description("create a badge from a JSON file (the API's body: an OB 3.0 Achievement plus Blason settings); prints its id as the last line")
    .requiredOption('--org <slug>', "the organisation's slug")
    .requiredOption('--file <path>', 'the JSON file')
    .option('--as <email>', "act as this account (default: the organisation's first owner)")
    .action(async (opts: { org: string; file: string; as?: string }) => {
      let body: unknown;
      try {
        body = JSON.parse(fs.readFileSync(opts.file, 'utf8'));
      } catch (error) {
        throw new CliExit(1, `Cannot read ${opts.file} as JSON: ${(error as Error).message}`);
      }
      const badge = await withPlatform(({ deps }) => createBadgeFromCli(deps, { slug: opts.org, asEmail: opts.as, body }));
      out(`Created badge ${badge.achievement.name} (${badge.status})`);
      out(badge.publicId);
    });

  program
    .command('credentials:issue')
    .description("award a badge to an e-mail address, as the badge organisation's first owner; prints the credential's id as the last line")
    .requiredOption('--badge <id>', "the badge's id")
    .requiredOption('--to <email>', "the recipient's e-mail address")
    .option('--out <file>', 'write the credential to this file')
    .option('--format <format>', 'form written to --out: json, jwt, png or svg', 'json')
    .action(async (opts: { badge: string; to: string; out?: string; format: string }) => {
      const format = opts.format;
      if (format !== 'json' && format !== 'jwt' && format !== 'png' && format !== 'svg') throw new CliExit(2, `Unknown format ${format}: use json, jwt, png or svg.`);
      const id = await withPlatform(async ({ deps }) => {
        const result = await issueCredentialFromCli(deps, { badge: opts.badge, to: opts.to });
        if (opts.out) fs.writeFileSync(opts.out, (await credentialDownload(deps, await getCredential(deps, result.id), format)).body);
        return result.id;
      });
      out(`Awarded badge ${opts.badge} to ${opts.to.trim().toLowerCase()}${opts.out ? `; ${format} written to ${opts.out}` : ''}`);
      out(id);
    });

  program
    .command('credentials:issue-csv')
    .description("award a badge to each row of a CSV file (email, name, narrative, evidence, level, issued, expires), as the badge organisation's first owner: shows the preview, issues with --yes; prints the batch id as the last line")
    .requiredOption('--badge <id>', "the badge's id")
    .requiredOption('--file <path>', 'the CSV file (UTF-8, `;` or `,`)')
    .option('--yes', 'issue the valid rows (without it, only the preview is shown)', false)
    .action(async (opts: { badge: string; file: string; yes: boolean }) => {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(opts.file);
      } catch (error) {
        throw new CliExit(2, `Cannot read ${opts.file}: ${(error as Error).message}`);
      }
      const finished = await withPlatform(({ deps }) => issueCsvFromCli(deps, { badge: opts.badge, file: { bytes, name: opts.file.split(/[\\/]/).pop() }, yes: opts.yes }, out));
      if (!finished) throw new CliExit(1, 'The batch did not finish; confirm it again to resume.');
    });

  program
    .command('demo:load')
    .description("load the seeds' scenarios in French (Communotic's key badge, the CFA label, the regional badges) with sample people and organisations")
    .action(async () => {
      const summary = await withPlatform(({ deps, handlers }) => loadDemo(deps, handlers));
      if (!summary.loaded) {
        out('The demo is already loaded.');
        return;
      }
      out(`Loaded ${summary.organizations.length} organisations, ${summary.badges} badges and ${summary.credentials} awarded badges:`);
      for (const name of summary.organizations) out(`  ${name}`);
      out(`Sign in as any of these, password "${DEMO_PASSWORD}":`);
      for (const email of summary.people) out(`  ${email}`);
    });

  program
    .command('credentials:revoke <id>')
    .description("revoke an awarded badge with a reason, as the issuing organisation's first owner")
    .requiredOption('--reason <text>', 'the reason (public, at most 500 characters)')
    .action(async (id: string, opts: { reason: string }) => {
      await withPlatform(({ deps }) => revokeCredentialFromCli(deps, { id, reason: opts.reason }));
      out(`Revoked ${id}`);
    });

  program
    .command('credentials:verify <target>')
    .description('verify an Open Badges 3.0 credential: a file (JSON, JWT, PNG or SVG, read by its content) or a URL; exit 0 valid, 1 invalid, 2 unusable input')
    .option('--json', 'print the same JSON as POST /api/v1/verify', false)
    .option('--recipient <email-or-id>', 'the expected holder: an e-mail address or an id (DID, URL)')
    .action(async (target: string, opts: { json: boolean; recipient?: string }) => {
      const result = await runVerifyCommand(target, opts, (run) => withPlatform(({ deps }) => run(deps)));
      for (const line of result.lines) out(line);
      if (result.code !== 0) throw new CliExit(result.code, result.verdict);
    });

  return program;
}

/** Runs the CLI and returns its exit code (never throws). */
export async function runCli(argv: string[], out: (line: string) => void = (l) => console.log(l)): Promise<number> {
  const program = buildCli(out);
  if (argv.length === 0) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof CliExit) {
    console.error(`Error: ${error.message}`);
    return error.code;
  }
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(`Error: ${error.message}`);
    return 2;
  }
  if (error instanceof AppError) {
    const t = translator('en');
    const fields = Object.entries(error.fields).map(([name, f]) => `  --${name}: ${t(f.key, f.params)}`);
    console.error([`Error: ${t(error.messageKey, error.params)}`, ...fields].join('\n'));
    return error.code === 'internal' ? 2 : 1;
  }
  console.error(error);
  return 2;
}
