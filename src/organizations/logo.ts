// Logos: reading the uploaded file from a multipart request, and turning it into a clean PNG.
import type { FastifyRequest } from 'fastify';
import { loadSharp } from '../platform/sharp';
import { AppError, fail } from '../errors';

export const LOGO_FIELD = 'logo';
export const LOGO_SIZE = 512;
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'webp']);
/** Decompression bombs: refuse images with more pixels than this before decoding them. */
const MAX_INPUT_PIXELS = 40_000_000;

function tooLarge(maxBytes: number): AppError {
  const max = `${Math.floor(maxBytes / 1024)}`;
  return new AppError('payload_too_large', 'errors.payloadTooLarge', {}, {
    [LOGO_FIELD]: { key: 'organizations.logo.tooLarge', params: { max } },
  });
}

/**
 * Reads the file of the `logo` field of a multipart request (the other parts are read and dropped).
 * Refuses a missing file (validation) and one larger than `maxBytes` (payload_too_large), with a field error.
 */
export async function readLogoUpload(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!request.isMultipart()) throw fail.field(LOGO_FIELD, 'organizations.logo.required');
  let file: Buffer | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes } })) {
      if (part.type !== 'file') continue;
      const bytes = await part.toBuffer();
      if (part.fieldname === LOGO_FIELD && file === undefined) file = bytes;
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    throw error;
  }
  if (!file || file.length === 0) throw fail.field(LOGO_FIELD, 'organizations.logo.required');
  return file;
}

/**
 * Checks that the bytes are a PNG, JPEG or WebP image (by their content, not a file name) and re-encodes
 * them as a PNG fitting in 512×512, oriented, without metadata. Anything else is a translated field error.
 */
export async function normalizeLogo(input: Buffer, maxBytes: number): Promise<Buffer> {
  if (input.length === 0) throw fail.field(LOGO_FIELD, 'organizations.logo.required');
  if (input.length > maxBytes) throw tooLarge(maxBytes);
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const };
  const sharp = await loadSharp();
  let format: string | undefined;
  try {
    format = (await sharp(input, options).metadata()).format;
  } catch {
    throw fail.field(LOGO_FIELD, 'organizations.logo.type');
  }
  if (!format || !ACCEPTED_FORMATS.has(format)) throw fail.field(LOGO_FIELD, 'organizations.logo.type');
  try {
    return await sharp(input, options)
      .autoOrient()
      .resize(LOGO_SIZE, LOGO_SIZE, { fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer();
  } catch {
    throw fail.field(LOGO_FIELD, 'organizations.logo.unreadable');
  }
}
