// JSON API of bulk awarding: upload a CSV (preview), confirm, follow, cancel, read the rows.
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import { credentialUrl } from '../awards/awards';
import type { Translate } from '../i18n';
import type { Deps } from '../platform/deps';
import { type Batch, type BatchRow, type BulkRowStatus, rowErrorKey } from './bulk';
import { cancelBatch, confirmBatch, getBatch, listBatchRows, uploadCsv } from './bulk.service';
import { readCsvUpload } from './upload';

const TAG = 'bulk';
const STATUSES = ['loading', 'preview', 'queued', 'running', 'done', 'failed', 'cancelled'] as const;
const ROW_STATUSES = ['valid', 'invalid', 'issued', 'skipped'] as const satisfies readonly BulkRowStatus[];

const rowSchema = z.object({
  row: z.number().describe('Row of the spreadsheet (the header is row 1)'),
  email: z.string(),
  status: z.enum(ROW_STATUSES),
  errors: z.array(z.object({ code: z.string(), message: z.string() })),
  credential: z.string().nullable().describe('URL of the issued credential'),
});

const batchSchema = z.object({
  id: z.string(),
  url: z.string().describe('The progress page'),
  badge: z.string(),
  status: z.enum(STATUSES),
  rows: z.number(),
  valid: z.number(),
  invalid: z.number(),
  progress: z.object({ total: z.number(), done: z.number(), skipped: z.number() }),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

const previewSchema = batchSchema.extend({ errors: z.array(rowSchema).describe('The first 200 rows with errors, in file order') });

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toBatch(deps: Deps, b: Batch): z.infer<typeof batchSchema> {
  return {
    id: b.publicId,
    url: `${deps.config.baseUrl}/bulk/${b.publicId}`,
    badge: b.badgePublicId,
    status: b.status,
    rows: b.rowCount,
    valid: b.validCount,
    invalid: b.invalidCount,
    progress: b.progress,
    lastError: b.lastError,
    createdAt: b.createdAt.toISOString(),
    confirmedAt: iso(b.confirmedAt),
    startedAt: iso(b.startedAt),
    finishedAt: iso(b.finishedAt),
  };
}

function toRow(deps: Deps, t: Translate, r: BatchRow): z.infer<typeof rowSchema> {
  return {
    row: r.rowNumber,
    email: r.email,
    status: r.status,
    errors: r.errors.map((code) => ({ code, message: t(rowErrorKey(code)) })),
    credential: r.credential ? credentialUrl(deps.config.baseUrl, r.credential) : null,
  };
}

const rowsQuery = z.object({
  status: z.enum(ROW_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const bulkApiRoutes: ApiRoute[] = [
  apiRoute({
    method: 'POST',
    path: '/badges/:id/bulk',
    summary: 'Upload a CSV of awards (email, name, narrative, evidence, level, issued, expires): a preview with per-row errors; nothing is issued yet. The same file again gives back its batch (200)',
    tag: TAG,
    auth: 'required',
    rawBody: { contentType: 'multipart/form-data', description: 'The CSV in the file field `file` (or send it as a text/csv body)' },
    responses: { 201: { description: 'The preview', schema: previewSchema }, 200: { description: 'This file was uploaded already: its batch', schema: previewSchema } },
    handler: async ({ deps, actor, params, request, t }) => {
      const preview = await uploadCsv(deps, actor, params.id!, () => readCsvUpload(request));
      return { status: preview.created ? 201 : 200, body: { ...toBatch(deps, preview.batch), errors: preview.errors.map((r) => toRow(deps, t, r)) } };
    },
  }),
  apiRoute({
    method: 'POST',
    path: '/bulk/:id/confirm',
    summary: 'Issue the valid rows in the background (rows with errors are skipped). Idempotent; resumes a cancelled or failed batch',
    tag: TAG,
    auth: 'required',
    responses: { 202: { description: 'Queued (or already running, or done)', schema: batchSchema } },
    handler: async ({ deps, actor, params }) => ({ status: 202, body: toBatch(deps, await confirmBatch(deps, actor, params.id!)) }),
  }),
  apiRoute({
    method: 'GET',
    path: '/bulk/:id',
    summary: 'A batch and its progress',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'The batch', schema: batchSchema } },
    handler: async ({ deps, actor, params }) => ({ body: toBatch(deps, await getBatch(deps, actor, params.id!)) }),
  }),
  apiRoute({
    method: 'POST',
    path: '/bulk/:id/cancel',
    summary: 'Stop a queued or running batch; credentials already issued remain',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'The cancelled batch', schema: batchSchema } },
    handler: async ({ deps, actor, params }) => ({ body: toBatch(deps, await cancelBatch(deps, actor, params.id!)) }),
  }),
  apiRoute<unknown, z.infer<typeof rowsQuery>>({
    method: 'GET',
    path: '/bulk/:id/rows',
    summary: 'Rows of a batch in file order, optionally of one status (issued rows link to their credential)',
    tag: TAG,
    auth: 'required',
    query: rowsQuery,
    responses: { 200: { description: 'A page of rows', schema: z.object({ items: z.array(rowSchema), hasMore: z.boolean() }) } },
    handler: async ({ deps, actor, params, query, t }) => {
      const statuses = query.status ? [query.status] : [...ROW_STATUSES];
      const page = await listBatchRows(deps, actor, params.id!, { statuses, limit: query.limit, offset: query.offset });
      return { body: { items: page.rows.map((r) => toRow(deps, t, r)), hasMore: page.hasMore } };
    },
  }),
];
