// The downloadable forms of an awarded badge: its JSON-LD, its VC-JWT, and the badge image baked
// with the credential — PNG (iTXt `openbadgecredential`), SVG (`openbadges:credential`), and the
// OB 2.0 PNG (iTXt `openbadges` holding the hosted assertion URL). A badge without an image gets a
// drawn one: a coloured disc with the badge's initials. And the PDF certificate (certificate.ts).
import { createHash } from 'node:crypto';
import { loadSharp } from '../platform/sharp';
import { getBadgeImage } from '../badges/badges.service';
import { bakePng, bakeSvg } from '../credentials';
import { AppError } from '../errors';
import { slugify } from '../organizations/organizations';
import type { Deps } from '../platform/deps';
import type { Credential } from './awards';
import { ob2AssertionUrl } from './ob2';
import { signedClr } from '../rules/clr';
import { type Locale, type Translate, translator } from '../i18n';
import { certificatePdf } from './certificate';

export const FORMATS = ['json', 'jwt', 'png', 'svg', 'png2', 'clr', 'pdf'] as const;
export type DownloadFormat = (typeof FORMATS)[number];

export interface Download {
  body: Buffer | string;
  contentType: string;
  filename: string;
}

/** Side of PNG badges drawn from SVG or from nothing. */
const SIZE = 512;
const COLOURS = ['#1b3a8a', '#1e6b35', '#8a1b5c', '#6b4a1e', '#1b6b8a', '#5a1e8a', '#b3261e', '#2f4f4f'];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Up to two initials of a name: "Médiation numérique" → "MN". */
export function initials(name: string): string {
  const words = name.split(/[\s'’-]+/).filter((w) => /\p{L}|\p{N}/u.test(w));
  const letters = words.slice(0, 2).map((w) => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '');
  return letters.join('').toUpperCase() || '?';
}

/** A default badge image: a disc, its colour chosen from the badge id, with the name's initials. */
export function defaultBadgeSvg(name: string, seed: string): string {
  const colour = COLOURS[createHash('sha256').update(seed).digest()[0]! % COLOURS.length];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">` +
    `<title>${escapeXml(name)}</title>` +
    `<circle cx="256" cy="256" r="240" fill="${colour}"/>` +
    `<circle cx="256" cy="256" r="210" fill="none" stroke="#ffffff" stroke-width="8"/>` +
    `<text x="256" y="256" dy="0.35em" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="180" font-weight="bold" fill="#ffffff">${escapeXml(initials(name))}</text>` +
    `</svg>`
  );
}

/** An SVG showing a PNG (for SVG baking of a PNG badge). */
export function svgWrappingPng(png: Buffer, width: number, height: number): string {
  const href = `data:image/png;base64,${png.toString('base64')}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<image width="${width}" height="${height}" href="${href}" xlink:href="${href}"/></svg>`
  );
}

async function svgToPng(svg: Buffer | string): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(Buffer.from(svg), { density: 144 })
    .resize(SIZE, SIZE, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer();
}

/** The image of a badge version as stored (PNG or SVG), or undefined when it has none. */
async function storedImage(deps: Deps, badgePublicId: string, version: number) {
  try {
    const image = await getBadgeImage(deps, null, badgePublicId, version);
    // PGlite gives a Uint8Array, pg a Buffer.
    return { ...image, bytes: Buffer.from(image.bytes) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return undefined;
    throw error;
  }
}

/** The badge version's image as PNG: as stored, rasterised from SVG, or drawn. */
export async function badgePng(deps: Deps, badge: { publicId: string; version: number; name: string }): Promise<Buffer> {
  const image = await storedImage(deps, badge.publicId, badge.version);
  if (image?.type === 'image/png') return image.bytes;
  return svgToPng(image ? image.bytes : defaultBadgeSvg(badge.name, badge.publicId));
}

/** The badge version's image as SVG: as stored, a PNG wrapped in SVG, or drawn. */
async function badgeSvg(deps: Deps, badge: { publicId: string; version: number; name: string }): Promise<string> {
  const image = await storedImage(deps, badge.publicId, badge.version);
  if (image?.type === 'image/svg+xml') return image.bytes.toString('utf8');
  if (!image) return defaultBadgeSvg(badge.name, badge.publicId);
  const meta = await (await loadSharp())(image.bytes).metadata();
  return svgWrappingPng(image.bytes, meta.width ?? SIZE, meta.height ?? SIZE);
}

/** One form of an awarded badge, ready to send as an attachment. */
export async function credentialDownload(deps: Deps, c: Credential, format: DownloadFormat, language: { t: Translate; locale: Locale } = { t: translator('fr'), locale: 'fr' }): Promise<Download> {
  const stem = `${slugify(c.badgeName)}-${c.publicId}`;
  const badge = { publicId: c.badgePublicId, version: c.badgeVersion, name: c.badgeName };
  switch (format) {
    case 'json':
      return { body: JSON.stringify(c.document, null, 2), contentType: 'application/ld+json; charset=utf-8', filename: `${stem}.json` };
    case 'jwt':
      return { body: c.jwt, contentType: 'application/jwt; charset=utf-8', filename: `${stem}.jwt` };
    case 'png':
      return { body: bakePng(await badgePng(deps, badge), c.document), contentType: 'image/png', filename: `${stem}.png` };
    case 'svg':
      return { body: bakeSvg(await badgeSvg(deps, badge), c.document), contentType: 'image/svg+xml; charset=utf-8', filename: `${stem}.svg` };
    case 'clr':
      // Key badges and labels only: a CLR 2.0 record bundling what they rest on.
      return { body: await signedClr(deps, c), contentType: 'application/jwt; charset=utf-8', filename: `${stem}-clr.jwt` };
    case 'pdf': {
      const pdf = await certificatePdf({ credential: c, badgePng: await badgePng(deps, badge), baseUrl: deps.config.baseUrl, t: language.t, locale: language.locale, now: deps.clock.now() });
      return { body: Buffer.from(pdf), contentType: 'application/pdf', filename: `${stem}.pdf` };
    }
    case 'png2':
      return {
        body: bakePng(await badgePng(deps, badge), ob2AssertionUrl(deps.config.baseUrl, c.publicId), 'openbadges'),
        contentType: 'image/png',
        filename: `${stem}-ob2.png`,
      };
  }
}
