// Bulk awarding's pure parts: header names (French/English), delimiters, dates, the per-row
// validation table, the dedupe key, and reading whole files (BOM, `;`, quotes, blank lines, errors).
import { describe, expect, it } from 'vitest';
import type { BadgeLevel } from '../../src/awards/awards';
import { type CsvRow, columnOf, dedupeKey, detectDelimiter, parseCsvDate, rowToParsedAward, rowValidator } from '../../src/bulk/bulk';
import { readCsvRows } from '../../src/bulk/csv';
import { defaultThreads, threadExecArgv } from '../../src/bulk/sign-pool';
import { configuredEngine } from '../../src/db/database';
import { AppError } from '../../src/errors';

const NOW = new Date('2025-01-15T10:00:00Z');
const LEVELS: BadgeLevel[] = [
  { resultDescriptionId: 'https://x/b#levels', id: 'https://x/b#level-1', name: 'Je pratique', level: 'I' },
  { resultDescriptionId: 'https://x/b#levels', id: 'https://x/b#level-2', name: 'Je maîtrise', level: 'II' },
];

async function rows(text: string | Buffer): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const row of readCsvRows(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'))) out.push(row);
  return out;
}

async function fileError(text: string | Buffer): Promise<{ key: string; params?: Record<string, unknown> }> {
  try {
    await rows(text);
  } catch (error) {
    if (error instanceof AppError) return error.fields.file as { key: string; params?: Record<string, unknown> };
    throw error;
  }
  throw new Error('no error');
}

describe('CSV headers, delimiters and dates', () => {
  it.each([
    ['email', 'email'], ['E-mail', 'email'], [' Courriel ', 'email'], ['EMAIL', 'email'],
    ['Name', 'name'], ['nom', 'name'],
    ['narrative', 'narrative'], ['Récit', 'narrative'], ['recit', 'narrative'], ['Commentaire', 'narrative'],
    ['evidence', 'evidence'], ['Evidence URL', 'evidence'], ['evidence_url', 'evidence'], ['Preuve', 'evidence'],
    ['level', 'level'], ['Niveau', 'level'],
    ['issued', 'issued'], ['Issued on', 'issued'], ['DATE', 'issued'],
    ['expires', 'expires'], ['Expiration', 'expires'], ['valid until', 'expires'],
    ['téléphone', undefined], ['', undefined],
  ])('header %j → %s', (header, column) => {
    expect(columnOf(header)).toBe(column);
  });

  it.each([
    ['email;nom;niveau', ';'],
    ['email,name,level', ','],
    ['email\tname', '\t'],
    ['"nom; prénom",email', ','],
    ['email', ','],
  ])('delimiter of %j is %j', (line, delimiter) => {
    expect(detectDelimiter(line)).toBe(delimiter);
  });

  it.each([
    ['2025-01-10', '2025-01-10T00:00:00.000Z'],
    ['10/01/2025', '2025-01-10T00:00:00.000Z'],
    ['1/2/2025', '2025-02-01T00:00:00.000Z'],
    ['10.01.2025', '2025-01-10T00:00:00.000Z'],
    ['2025-01-10T08:30:00+01:00', '2025-01-10T07:30:00.000Z'],
    ['31/02/2025', undefined],
    ['2025-02-30', undefined],
    ['01/13/2025', undefined],
    ['demain', undefined],
    ['2025/01/10', undefined],
  ])('date %j → %s', (text, iso) => {
    expect(parseCsvDate(text)?.toISOString()).toBe(iso);
  });
});

describe('row validation', () => {
  const row = (values: Partial<CsvRow>): CsvRow => ({ rowNumber: 2, email: 'ada@example.org', name: '', narrative: '', evidence: '', level: '', issued: '', expires: '', ...values });
  const check = (values: Partial<CsvRow>, levels = LEVELS) => rowValidator({ levels, validity: { years: 3 }, now: NOW })(row(values));

  it.each<[string, Partial<CsvRow>, string[]]>([
    ['a complete row', { name: 'Ada', narrative: 'Bravo', evidence: 'https://example.org/p', level: 'II', issued: '10/01/2025', expires: '2026-01-10' }, []],
    ['an address only', {}, []],
    ['a level by name, any case', { level: 'je maîtrise' }, []],
    ['a missing address', { email: '' }, ['missing_email']],
    ['an invalid address', { email: 'ada@' }, ['invalid_email']],
    ['an unknown level', { level: 'III' }, ['unknown_level']],
    ['an unreadable issue date', { issued: '32/01/2025' }, ['bad_issued']],
    ['an unreadable expiry', { expires: 'never' }, ['bad_expires']],
    ['an issue date in the future', { issued: '2025-02-01' }, ['future_issued']],
    ['an expiry before the issue date', { issued: '2025-01-10', expires: '2025-01-09' }, ['expires_before_issued']],
    ['an expiry in the past without issue date', { expires: '2024-12-31' }, ['expires_before_issued']],
    ['evidence that is not a web address', { evidence: 'mon portfolio' }, ['invalid_evidence']],
    ['a name too long', { name: 'x'.repeat(201) }, ['too_long']],
    ['several problems', { email: 'nope', level: 'X', issued: 'hier' }, ['invalid_email', 'unknown_level', 'bad_issued']],
  ])('%s', (_label, values, errors) => {
    expect(check(values)).toEqual(errors);
  });

  it('refuses a level when the badge has none', () => {
    expect(check({ level: 'I' }, [])).toEqual(['no_levels']);
  });

  it('flags the second row with the same address as a duplicate', () => {
    const validate = rowValidator({ levels: LEVELS, validity: undefined, now: NOW });
    expect(validate(row({ email: 'ada@example.org' }))).toEqual([]);
    expect(validate(row({ email: 'bob@example.org' }))).toEqual([]);
    expect(validate(row({ email: 'ada@example.org', issued: '2025-01-02' }))).toEqual(['duplicate_email']);
  });

  it('keys a row by badge, address and normalised issue date', () => {
    expect(dedupeKey('1', { email: 'a@b.c', issued: '10/01/2025' })).toBe(dedupeKey('1', { email: 'a@b.c', issued: '2025-01-10' }));
    expect(dedupeKey('1', { email: 'a@b.c', issued: '' })).not.toBe(dedupeKey('1', { email: 'a@b.c', issued: '2025-01-10' }));
    expect(dedupeKey('1', { email: 'a@b.c', issued: '' })).not.toBe(dedupeKey('2', { email: 'a@b.c', issued: '' }));
    expect(dedupeKey('1', { email: 'a@b.c', issued: '' })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('turns a row into the single-award input', () => {
    expect(rowToParsedAward(row({ name: 'Ada', evidence: 'https://e.org/x', level: 'I', issued: '10/01/2025', expires: '' }))).toEqual({
      recipient: { email: 'ada@example.org', name: 'Ada' },
      level: 'I',
      evidence: ['https://e.org/x'],
      issuedAt: new Date('2025-01-10T00:00:00Z'),
    });
  });
});

describe('reading a CSV file', () => {
  it('reads a French Excel export: BOM, `;`, CRLF, French headers, quoted fields, blank lines and empty trailing cells', async () => {
    const text = '\uFEFFCourriel;Nom;Récit;Niveau;Date\r\nAda@Example.org;Ada Lovelace;"Anime; avec ""brio""\r\nles réunions";II;10/01/2025\r\n\r\n;;;;\r\nbob@example.org;Bob;;;\r\n';
    expect(await rows(text)).toEqual([
      { rowNumber: 2, email: 'ada@example.org', name: 'Ada Lovelace', narrative: 'Anime; avec "brio"\r\nles réunions', evidence: '', level: 'II', issued: '10/01/2025', expires: '' },
      { rowNumber: 5, email: 'bob@example.org', name: 'Bob', narrative: '', evidence: '', level: '', issued: '', expires: '' },
    ]);
  });

  it('reads an English file with `,`, extra and missing columns', async () => {
    const text = 'E-mail,Evidence URL,Issued on,Valid until,Phone\ncy@example.org,https://e.org/cy,2025-01-02,2026-01-02,0600\ndi@example.org\n';
    expect(await rows(text)).toEqual([
      { rowNumber: 2, email: 'cy@example.org', name: '', narrative: '', evidence: 'https://e.org/cy', level: '', issued: '2025-01-02', expires: '2026-01-02' },
      { rowNumber: 3, email: 'di@example.org', name: '', narrative: '', evidence: '', level: '', issued: '', expires: '' },
    ]);
  });

  it.each<[string, string | Buffer, string]>([
    ['an empty file', '', 'bulk.file.required'],
    ['a header only', 'email;nom\r\n', 'bulk.file.empty'],
    ['no e-mail column', 'nom;niveau\nAda;I\n', 'bulk.file.noEmail'],
    ['a column twice', 'email,courriel\na@b.c,a@b.c\n', 'bulk.file.duplicateColumn'],
    ['an unclosed quote', 'email,name\na@b.c,"Ada\n', 'bulk.file.malformed'],
    ['a Windows-1252 file', Buffer.from([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x3b, 0x6e, 0x6f, 0x6d, 0x0a, 0x61, 0x40, 0x62, 0x2e, 0x63, 0x3b, 0xe9, 0x0a]), 'bulk.file.encoding'],
  ])('refuses %s', async (_label, text, key) => {
    expect((await fileError(text)).key).toBe(key);
  });

  it('names the duplicated column and the line of broken quoting', async () => {
    expect((await fileError('email,courriel\na@b.c,a@b.c\n')).params).toEqual({ column: 'courriel' });
    expect((await fileError('email,name\na@b.c,ok\nb@c.d,"Ada\n')).params?.line).toBeGreaterThanOrEqual(3);
  });

  it('streams a large file row by row', async () => {
    const lines = ['email;niveau', ...Array.from({ length: 20_000 }, (_, i) => `p${i}@example.org;I`)];
    let count = 0;
    let last: CsvRow | undefined;
    for await (const row of readCsvRows(Buffer.from(lines.join('\n')))) {
      count++;
      last = row;
    }
    expect(count).toBe(20_000);
    expect(last).toMatchObject({ rowNumber: 20_001, email: 'p19999@example.org', level: 'I' });
  });
});

describe('signing threads by default', () => {
  it('one per core on PostgreSQL; on PGlite, whose engine takes the main thread’s core, one fewer (at least one)', () => {
    expect([1, 2, 8].map((cores) => defaultThreads('postgres', cores))).toEqual([1, 2, 8]);
    expect([1, 2, 8].map((cores) => defaultThreads('pglite', cores))).toEqual([1, 1, 7]);
  });

  it('threads do not run the process’s preloads again (tsx’s loader); other Node options are kept', () => {
    expect(threadExecArgv(['--import', 'tsx', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
    expect(threadExecArgv(['--require', '/x/preflight.cjs', '--import', 'file:///x/loader.mjs'])).toEqual([]);
    expect(threadExecArgv(['--import=tsx', '-r', 'a.cjs', '--loader=x.mjs', '--experimental-loader', 'y.mjs', '--max-old-space-size=512'])).toEqual(['--max-old-space-size=512']);
  });

  it('the engine is the one the settings select', () => {
    expect(configuredEngine({ databaseUrl: undefined })).toBe('pglite');
    expect(configuredEngine({ databaseUrl: 'postgres://u@h/db' })).toBe('postgres');
  });
});
