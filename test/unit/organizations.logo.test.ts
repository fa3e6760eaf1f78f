import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors';
import { normalizeLogo } from '../../src/organizations/logo';

const MAX = 2 * 1024 * 1024;

function image(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } });
}

async function refusal(input: Buffer, max = MAX): Promise<AppError> {
  try {
    await normalizeLogo(input, max);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('normalizeLogo', () => {
  it.each(['png', 'jpeg', 'webp'] as const)('accepts %s and re-encodes it as PNG', async (format) => {
    const input = await image(40, 20).toFormat(format).toBuffer();
    const out = await normalizeLogo(input, MAX);
    const meta = await sharp(out).metadata();
    expect(meta.format).toBe('png');
    expect([meta.width, meta.height]).toEqual([40, 20]);
  });

  it('shrinks large images to fit in 512×512, keeping the aspect ratio', async () => {
    const out = await normalizeLogo(await image(2000, 1000).png().toBuffer(), MAX);
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height]).toEqual([512, 256]);
  });

  it('drops metadata (EXIF)', async () => {
    const input = await image(30, 30)
      .jpeg()
      .withExif({ IFD0: { Copyright: 'Secret Corp', Artist: 'Someone' } })
      .toBuffer();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const out = await normalizeLogo(input, MAX);
    expect((await sharp(out).metadata()).exif).toBeUndefined();
  });

  it.each([
    ['text', Buffer.from('hello, this is not an image')],
    ['GIF', null],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')],
  ])('refuses %s', async (_label, given) => {
    const input = given ?? (await image(10, 10).gif().toBuffer());
    const error = await refusal(input);
    expect(error.code).toBe('validation');
    expect(error.fields.logo?.key).toBe('organizations.logo.type');
  });

  it('refuses a truncated PNG', async () => {
    const png = await image(100, 100).png().toBuffer();
    const error = await refusal(png.subarray(0, Math.floor(png.length / 2)));
    expect(error.code).toBe('validation');
    expect(['organizations.logo.type', 'organizations.logo.unreadable']).toContain(error.fields.logo?.key);
  });

  it('refuses an empty file and one over the limit', async () => {
    expect((await refusal(Buffer.alloc(0))).fields.logo?.key).toBe('organizations.logo.required');
    const big = await refusal(await image(100, 100).png().toBuffer(), 10);
    expect(big.code).toBe('payload_too_large');
    expect(big.fields.logo?.key).toBe('organizations.logo.tooLarge');
  });
});
