// Badge images: PNG (also from JPEG or WebP), checked and re-encoded with sharp — which drops any
// metadata and any credential already baked into the file — or SVG, sanitised (svg.ts). And the
// reading of the badge form, whose multipart body carries the image file with the other fields.
import type { FastifyRequest } from 'fastify';
import { type FormFields, readForm } from '../web/multipart';
import { loadSharp } from '../platform/sharp';
import { AppError, fail } from '../errors';
import type { BadgeImageType } from './badges';
import { looksLikeSvg, sanitizeSvg } from './svg';

export const IMAGE_FIELD = 'image';
/** Badge PNGs fit in this square (they are shown up to 256 px; bigger ones are only heavier to bake). */
export const IMAGE_MAX_SIZE = 1024;
/** Decompression bombs: refuse images with more pixels than this before decoding them. */
const MAX_INPUT_PIXELS = 40_000_000;
const RASTER_FORMATS = new Set(['png', 'jpeg', 'webp']);

export interface BadgeImage {
  bytes: Buffer;
  type: BadgeImageType;
}

export function imageTooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', 'errors.payloadTooLarge', {}, {
    [IMAGE_FIELD]: { key: 'badges.image.tooLarge', params: { max: Math.floor(maxBytes / 1024) } },
  });
}

/** Checks an uploaded image by its content and returns what is stored: a clean PNG or a sanitised SVG. */
export async function normalizeBadgeImage(input: Buffer, maxBytes: number): Promise<BadgeImage> {
  if (input.length === 0) throw fail.field(IMAGE_FIELD, 'badges.image.required');
  if (input.length > maxBytes) throw imageTooLarge(maxBytes);
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const };
  const sharp = await loadSharp();
  if (looksLikeSvg(input)) {
    const clean = Buffer.from(sanitizeSvg(input.toString('utf8')), 'utf8');
    if (clean.length > maxBytes) throw imageTooLarge(maxBytes);
    try {
      // librsvg must be able to draw it (it only sees the sanitised document).
      const meta = await sharp(clean, options).metadata();
      if (meta.format !== 'svg') throw new Error(`not an SVG: ${meta.format}`);
    } catch {
      throw fail.field(IMAGE_FIELD, 'badges.image.unreadable');
    }
    return { bytes: clean, type: 'image/svg+xml' };
  }
  let format: string | undefined;
  try {
    format = (await sharp(input, options).metadata()).format;
  } catch {
    throw fail.field(IMAGE_FIELD, 'badges.image.type');
  }
  if (!format || !RASTER_FORMATS.has(format)) throw fail.field(IMAGE_FIELD, 'badges.image.type');
  try {
    const png = await sharp(input, options)
      .autoOrient()
      .resize(IMAGE_MAX_SIZE, IMAGE_MAX_SIZE, { fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer();
    return { bytes: png, type: 'image/png' };
  } catch {
    throw fail.field(IMAGE_FIELD, 'badges.image.unreadable');
  }
}

export type { FormFields };

/**
 * Reads the badge form: multipart (with the `image` file, empty when none was chosen) or urlencoded.
 * A file larger than `maxBytes` is returned as `error` (payload_too_large on the `image` field), with
 * the fields read so far, so that the form can be shown again.
 */
export async function readBadgeForm(request: FastifyRequest, maxBytes: number): Promise<{ fields: FormFields; image?: Buffer; error?: AppError }> {
  const form = await readForm(request, { maxBytes, maxFiles: 1 });
  if (form.tooLarge) return { fields: form.fields, error: imageTooLarge(maxBytes) };
  const image = form.files.find((f) => f.field === IMAGE_FIELD)?.bytes;
  return image ? { fields: form.fields, image } : { fields: form.fields };
}
