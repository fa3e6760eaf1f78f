// `blason credentials:issue-csv --badge <id> --file f.csv [--yes]`: the preview of the file, then
// (with --yes) the issuing in this process with a progress line on stderr. The batch id is the last
// line of stdout. Without --yes nothing is issued: the command never asks questions.
import { translator } from '../i18n';
import type { Deps } from '../platform/deps';
import { rowErrorKey } from './bulk';
import { type UploadedFile, issueBatchNow, uploadCsvFromCli } from './bulk.service';

const SHOWN_ERRORS = 10;

/** Returns false when the batch ended cancelled or failed. */
export async function issueCsvFromCli(
  deps: Deps,
  input: { badge: string; file: UploadedFile; yes: boolean },
  out: (line: string) => void,
  progress: (line: string) => void = (line) => process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`),
): Promise<boolean> {
  const t = translator('en');
  const { preview, actor } = await uploadCsvFromCli(deps, input);
  const { batch, errors } = preview;
  if (!preview.created) out(`This file was uploaded for this badge already (batch ${batch.publicId}, ${batch.status}).`);
  out(`${batch.rowCount} rows: ${batch.validCount} valid, ${batch.invalidCount} with errors.`);
  for (const row of errors.slice(0, SHOWN_ERRORS)) out(`  row ${row.rowNumber} (${row.email || 'no e-mail'}): ${row.errors.map((c) => t(rowErrorKey(c))).join(' ')}`);
  if (batch.invalidCount > SHOWN_ERRORS) out(`  … and ${batch.invalidCount - SHOWN_ERRORS} more rows with errors.`);
  if (!input.yes || batch.validCount === 0) {
    out(batch.validCount === 0 ? 'Nothing to issue.' : `Nothing issued yet: run again with --yes to issue ${batch.validCount} credentials.`);
    out(batch.publicId);
    return true;
  }
  let last = 0;
  const done = await issueBatchNow(deps, actor, batch.publicId, {
    onProgress: (p) => {
      const now = Date.now();
      if (now - last < 500 && p.done + p.skipped < p.total) return;
      last = now;
      progress(`Issued ${p.done}/${p.total}${p.skipped ? ` (${p.skipped} skipped)` : ''}`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  const { total, done: issued, skipped } = done.progress;
  out(`${done.status === 'done' ? 'Done' : `Stopped (${done.status})`}: ${issued} of ${total} credentials issued${skipped ? `, ${skipped} rows skipped when issuing` : ''}.`);
  if (done.lastError && done.status !== 'done') out(`Last error: ${done.lastError}`);
  out(batch.publicId);
  return done.status === 'done';
}
