// Reading the uploaded CSV from a request: a multipart form (field `file`, the page and the API) or
// a `text/csv` body (the API). The text/csv parser is registered with its own size limit.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fail } from '../errors';
import { MAX_CSV_BYTES } from './bulk';
import type { UploadedFile } from './bulk.service';
import { tooLargeError } from './bulk.service';
import { FILE_FIELD } from './csv';

export const CSV_TYPES = ['text/csv', 'application/csv'];

/** Lets `text/csv` bodies through as bytes (up to MAX_CSV_BYTES, above the JSON body limit). */
export function registerCsvBody(app: FastifyInstance): void {
  app.addContentTypeParser(CSV_TYPES, { parseAs: 'buffer', bodyLimit: MAX_CSV_BYTES }, (_request, body, done) => done(null, body));
}

export async function readCsvUpload(request: FastifyRequest): Promise<UploadedFile> {
  if (Buffer.isBuffer(request.body)) return { bytes: request.body };
  if (!request.isMultipart()) throw fail.field(FILE_FIELD, 'bulk.file.required');
  let file: UploadedFile | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_CSV_BYTES } })) {
      if (part.type !== 'file') continue;
      const bytes = await part.toBuffer();
      if (part.fieldname === FILE_FIELD && file === undefined) file = { bytes, name: part.filename || undefined };
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLargeError();
    throw error;
  }
  if (!file || file.bytes.length === 0) throw fail.field(FILE_FIELD, 'bulk.file.required');
  return file;
}
