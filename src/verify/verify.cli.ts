// `blason credentials:verify <file|url> [--json]`: the verifier from the shell. A file is read by its
// content (JSON, JWT, PNG or SVG, whatever its name); a URL under BASE_URL is answered by this
// platform's own documents, another through the outbound fetcher. Exit 0 valid, 1 invalid, 2
// unusable input (unreadable file, not a credential, unreachable URL).
import fs from 'node:fs/promises';
import { buildApp } from '../app';
import { translator } from '../i18n';
import type { Deps } from '../platform/deps';
import { presentReport, type VerifyResponse } from './present';
import { unusableReport, type VerifyInput, type VerifyReport } from './verify';
import { verifyBadge } from './verify.service';

export interface VerifyCommandOptions {
  json?: boolean;
  recipient?: string;
}

export interface VerifyCommandResult {
  /** 0 valid, 1 invalid, 2 unusable input. */
  code: number;
  /** What to print on stdout. */
  lines: string[];
  /** The verdict in one sentence (for stderr when the badge is not valid). */
  verdict: string;
}

const t = translator('en');

/** Runs a verification for the CLI; `withDeps` opens the platform (only when the input could be read). */
export async function runVerifyCommand(
  target: string,
  options: VerifyCommandOptions,
  withDeps: <T>(run: (deps: Deps) => Promise<T>) => Promise<T>,
): Promise<VerifyCommandResult> {
  let input: VerifyInput;
  if (/^https?:\/\//i.test(target)) {
    input = { kind: 'url', url: target };
  } else {
    try {
      input = { kind: 'bytes', bytes: await fs.readFile(target) };
    } catch (error) {
      const detail = `${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
      return outcome(unusableReport('input.file_unreadable', detail), options);
    }
  }
  const report = await withDeps(async (deps) => {
    // The application answers this platform's own URLs in-process, exactly as the server does.
    const app = await buildApp(deps);
    try {
      return await verifyBadge(deps, app.verifyServices, input, { recipient: options.recipient });
    } finally {
      await app.close();
    }
  });
  return outcome(report, options);
}

function outcome(report: VerifyReport, options: VerifyCommandOptions): VerifyCommandResult {
  const response = presentReport(report, t, 'en');
  const code = report.valid ? 0 : report.verdict === 'unusable' ? 2 : 1;
  const lines = options.json ? [JSON.stringify(response, null, 2)] : humanSummary(response);
  return { code, lines, verdict: response.message };
}

function humanSummary(r: VerifyResponse): string[] {
  const lines = [`${r.valid ? 'VALID' : 'NOT VALID'}: ${r.message}`];
  const c = r.credential;
  if (c) {
    lines.push('');
    if (c.name) lines.push(`Badge:        ${c.name}`);
    if (c.achievement.name && c.achievement.name !== c.name) lines.push(`Achievement:  ${c.achievement.name}`);
    lines.push(`Issuer:       ${[c.issuer.name, c.issuer.id && `(${c.issuer.id})`].filter(Boolean).join(' ') || '-'}`);
    if (c.validFrom) lines.push(`Valid from:   ${c.validFrom}`);
    lines.push(`Valid until:  ${c.validUntil ?? 'no end date'}`);
    const holder = [
      ...(c.recipient.id ? [c.recipient.id] : []),
      ...c.recipient.identifiers.map((i) => `${i.hashed ? 'hashed ' : ''}${i.identityType}`),
    ];
    lines.push(`Holder:       ${holder.join(', ') || 'not given'}`);
    lines.push(`Endorsements: ${c.endorsements.count} (${c.endorsements.valid} valid)`);
  }
  if (r.format) lines.push(`Format:       ${r.format.toUpperCase()}`);
  if (r.source) lines.push(`Source:       ${r.source.url}`);
  lines.push('', 'Checks:');
  for (const check of r.checks) {
    const status = check.skipped ? 'skipped' : check.passed ? 'passed' : 'FAILED';
    lines.push(`  [${status}] ${check.label}: ${check.message}`);
    if (!check.passed && !check.skipped) {
      for (const p of check.problems) {
        const where = [p.path, p.detail].filter(Boolean).join(' — ');
        if (where) lines.push(`      ${p.code}${where ? `: ${where}` : ''}`);
      }
    }
  }
  if (r.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of r.warnings) lines.push(`  - ${w.message}${w.detail ? ` (${w.detail})` : ''}`);
  }
  return lines;
}
