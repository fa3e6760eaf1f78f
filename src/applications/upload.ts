// Reading an application sent as a form with files (the page, or the API's multipart variant):
// its fields, its evidence files (field `files`), and whether a file went over the upload limit.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import type { Deps } from '../platform/deps';
import { type FormFields, readForm } from '../web/multipart';
import { DEFAULT_MAX_FILES } from './applications';
import type { UploadedEvidence } from './applications.service';

export const FILES_FIELD = 'files';

export interface ApplicationUpload {
  fields: FormFields;
  files: UploadedEvidence[];
  /** Set when a file was over MAX_UPLOAD_BYTES: the reading stopped there. */
  tooLarge: AppError | null;
}

export async function readApplicationUpload(deps: Deps, request: FastifyRequest): Promise<ApplicationUpload> {
  const form = await readForm(request, { maxBytes: deps.config.maxUploadBytes, maxFiles: DEFAULT_MAX_FILES * 5 });
  return {
    fields: form.fields,
    files: form.files.filter((f) => f.field === FILES_FIELD).map((f) => ({ filename: f.filename, declaredType: f.mimetype, bytes: f.bytes })),
    tooLarge: form.tooLarge
      ? new AppError('validation', 'errors.validation', {}, { [FILES_FIELD]: { key: 'applications.file.tooLarge', params: { max: `${Math.floor(deps.config.maxUploadBytes / 1024)} Kio` } } })
      : null,
  };
}
