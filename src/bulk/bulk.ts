// Domain of bulk awarding from CSV: the columns and their French/English header names, dates as
// spreadsheets write them, the validation of one row (error codes), the dedupe key that keeps a row
// from being awarded twice across batches, and row → domain mapping. Pure: no database, no clock.
import { createHash } from 'node:crypto';
import { emailSchema } from '../accounts/accounts';
import { type BadgeLevel, type ParsedAward, awardPeriod, matchLevel, parseDate } from '../awards/awards';
import type { Validity } from '../badges/badges';
import type { BulkBatchRow, BulkBatchStatus, BulkRowRow, BulkRowStatus } from '../db/schema';
import type { MessageKey } from '../i18n';

export type { BulkBatchStatus, BulkRowStatus } from '../db/schema';

/** Rows issued per committed chunk (credentials, claim mails and row updates in one transaction). */
export const CHUNK_SIZE = 200;
/** Largest accepted file and row count: 100,000 rows with long narratives fit. */
export const MAX_CSV_BYTES = 64 * 1024 * 1024;
export const MAX_ROWS = 200_000;
/** Rows with errors listed by the preview (API and page); the counts are always complete. */
export const PREVIEW_ERRORS = 200;
export const BULK_JOB = 'bulk.issue';
/** The hourly job that deletes the batches a stopped process left loading. */
export const BULK_CLEANUP_JOB = 'bulk.cleanup';
/** A batch still loading after this long was left by a process that stopped mid-file. */
export const LOADING_STALE_MS = 15 * 60_000;
export const BULK_MAX_ATTEMPTS = 5;

export const COLUMNS = ['email', 'name', 'narrative', 'evidence', 'level', 'issued', 'expires'] as const;
export type Column = (typeof COLUMNS)[number];

/** Header names accepted for each column (compared lower-cased, accents and separators folded). */
const HEADER_NAMES: Record<Column, readonly string[]> = {
  email: ['email', 'e-mail', 'courriel', 'mail', 'adresse e-mail', 'adresse email'],
  name: ['name', 'nom', 'full name', 'nom complet'],
  narrative: ['narrative', 'récit', 'commentaire', 'comment'],
  evidence: ['evidence', 'evidence url', 'preuve', 'url de la preuve'],
  level: ['level', 'niveau'],
  issued: ['issued', 'issued on', 'date', 'issue date', "date d'attribution"],
  expires: ['expires', 'expiration', 'valid until', "date d'expiration"],
};

export function foldHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’']/g, "'")
    .replace(/[_\s]+/g, ' ')
    .trim()
    .toLowerCase();
}

const HEADER_INDEX = new Map<string, Column>(COLUMNS.flatMap((c) => HEADER_NAMES[c].map((name) => [foldHeader(name), c] as const)));

/** The column a header names, if any ("E-mail", "Courriel", "Evidence URL", "Récit"…). */
export function columnOf(header: string): Column | undefined {
  return HEADER_INDEX.get(foldHeader(header));
}

/** `;` (French Excel), `,` or tab: whichever appears most in the header line outside quotes. */
export function detectDelimiter(firstLine: string): ';' | ',' | '\t' {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts[';'] >= counts[','] && counts[';'] >= counts['\t'] && counts[';'] > 0) return ';';
  return counts['\t'] > counts[','] ? '\t' : ',';
}

/** ISO 8601 (`2025-06-30`, or a date-time with a zone) or `dd/mm/yyyy` (also `.` or `-`), as midnight UTC. */
export function parseCsvDate(value: string): Date | undefined {
  const v = value.trim();
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const parts = dmy ? [dmy[3], dmy[2], dmy[1]] : ymd ? [ymd[1], ymd[2], ymd[3]] : undefined;
  if (!parts) return parseDate(v);
  const [y, m, d] = parts.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : undefined;
}

/** One data row of the file, values trimmed (the e-mail lower-cased). */
export interface CsvRow {
  /** The spreadsheet's row: the header is row 1. */
  rowNumber: number;
  email: string;
  name: string;
  narrative: string;
  evidence: string;
  level: string;
  issued: string;
  expires: string;
}

export const ROW_ERRORS = [
  'missing_email',
  'invalid_email',
  'duplicate_email',
  'unknown_level',
  'no_levels',
  'bad_issued',
  'bad_expires',
  'future_issued',
  'expires_before_issued',
  'invalid_evidence',
  'too_long',
  'already_awarded',
] as const;
export type RowError = (typeof ROW_ERRORS)[number];

export function rowErrorKey(code: string): MessageKey {
  return (ROW_ERRORS as readonly string[]).includes(code) ? (`bulk.error.${code}` as MessageKey) : 'bulk.error.unknown';
}

const LIMITS = { name: 200, narrative: 5000, evidence: 2000 } as const;

export interface RowRules {
  levels: readonly BadgeLevel[];
  validity: Validity | undefined;
  now: Date;
}

/**
 * Validates the rows of one file in order: each call returns the row's error codes (empty: valid).
 * Remembers the addresses seen, so a second row for the same address is a `duplicate_email`.
 */
export function rowValidator(rules: RowRules): (row: CsvRow) => RowError[] {
  const seen = new Set<string>();
  return (row) => {
    const errors: RowError[] = [];
    if (!row.email) errors.push('missing_email');
    else if (!emailSchema.safeParse(row.email).success) errors.push('invalid_email');
    else if (seen.has(row.email)) errors.push('duplicate_email');
    else seen.add(row.email);
    if (row.level) {
      try {
        matchLevel(rules.levels, row.level);
      } catch {
        errors.push(rules.levels.length ? 'unknown_level' : 'no_levels');
      }
    }
    const issued = row.issued ? parseCsvDate(row.issued) : undefined;
    const expires = row.expires ? parseCsvDate(row.expires) : undefined;
    if (row.issued && !issued) errors.push('bad_issued');
    if (row.expires && !expires) errors.push('bad_expires');
    if ((!row.issued || issued) && (!row.expires || expires)) {
      try {
        awardPeriod(rules.now, { issuedAt: issued, validUntil: expires }, rules.validity);
      } catch (error) {
        const field = Object.keys((error as { fields?: object }).fields ?? {})[0];
        errors.push(field === 'issuedAt' ? 'future_issued' : 'expires_before_issued');
      }
    }
    if (row.evidence && !(/^https?:\/\/\S+$/i.test(row.evidence) && URL.canParse(row.evidence))) errors.push('invalid_evidence');
    if (row.name.length > LIMITS.name || row.narrative.length > LIMITS.narrative || row.evidence.length > LIMITS.evidence) errors.push('too_long');
    return errors;
  };
}

/**
 * What makes two rows "the same award" across batches: the badge, the address, and the issue date
 * as the file gives it (normalised; '' when the file gives none). A second batch with the same
 * person and date for this badge skips the row (`already_awarded`).
 */
export function dedupeKey(badgeId: string, row: Pick<CsvRow, 'email' | 'issued'>): string {
  const issued = row.issued ? (parseCsvDate(row.issued)?.toISOString() ?? row.issued) : '';
  return createHash('sha256').update(`${badgeId}\n${row.email}\n${issued}`).digest('hex');
}

/** A valid row as the award input of the single-award path. */
export function rowToParsedAward(row: Pick<CsvRow, 'email' | 'name' | 'narrative' | 'evidence' | 'level' | 'issued' | 'expires'>): ParsedAward {
  return {
    recipient: { email: row.email, ...(row.name ? { name: row.name } : {}) },
    ...(row.narrative ? { narrative: row.narrative } : {}),
    ...(row.level ? { level: row.level } : {}),
    ...(row.evidence ? { evidence: [row.evidence] } : {}),
    ...(row.issued ? { issuedAt: parseCsvDate(row.issued) } : {}),
    ...(row.expires ? { validUntil: parseCsvDate(row.expires) } : {}),
  };
}

// ——— Domain types and mapping ———

export interface Batch {
  id: string;
  publicId: string;
  badgeId: string;
  badgePublicId: string;
  organizationId: string;
  organizationSlug: string;
  uploadedBy: string | null;
  locale: 'fr' | 'en';
  fileName: string | null;
  fileSha256: string;
  rowCount: number;
  validCount: number;
  invalidCount: number;
  status: BulkBatchStatus;
  progress: { total: number; done: number; skipped: number };
  run: number;
  lastError: string | null;
  createdAt: Date;
  confirmedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export type BatchJoinedRow = BulkBatchRow & { badge_public_id: string; organization_slug: string };

export function rowToBatch(row: BatchJoinedRow): Batch {
  return {
    id: row.id,
    publicId: row.public_id,
    badgeId: row.badge_id,
    badgePublicId: row.badge_public_id,
    organizationId: row.organization_id,
    organizationSlug: row.organization_slug,
    uploadedBy: row.uploaded_by,
    locale: row.locale,
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    rowCount: row.row_count,
    validCount: row.valid_count,
    invalidCount: row.invalid_count,
    status: row.status,
    progress: { total: row.progress_total, done: row.progress_done, skipped: row.progress_skipped },
    run: row.run,
    lastError: row.last_error,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** A row of a batch as pages and the API show it. */
export interface BatchRow extends CsvRow {
  status: BulkRowStatus;
  errors: string[];
  /** Public id of the issued credential. */
  credential: string | null;
}

export type BatchRowJoined = Pick<BulkRowRow, 'row_number' | 'email' | 'name' | 'narrative' | 'evidence' | 'level' | 'issued' | 'expires' | 'status' | 'errors'> & {
  credential_public_id: string | null;
};

export function rowToBatchRow(row: BatchRowJoined): BatchRow {
  return {
    rowNumber: row.row_number,
    email: row.email,
    name: row.name,
    narrative: row.narrative,
    evidence: row.evidence,
    level: row.level,
    issued: row.issued,
    expires: row.expires,
    status: row.status,
    errors: row.errors,
    credential: row.credential_public_id,
  };
}

export const isActive = (status: BulkBatchStatus) => status === 'queued' || status === 'running';
export const isConfirmable = (status: BulkBatchStatus) => status === 'preview' || status === 'cancelled' || status === 'failed';
