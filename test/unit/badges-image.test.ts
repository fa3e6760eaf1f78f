import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { bakePng, readPngCredential } from '../../src/credentials';
import { AppError } from '../../src/errors';
import { normalizeBadgeImage } from '../../src/badges/image';
import { looksLikeSvg, sanitizeSvg } from '../../src/badges/svg';
import { loadSharp } from '../../src/platform/sharp';

const MAX = 200_000;

function fieldKey(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.fields.image?.key;
    throw error;
  }
  return undefined;
}

async function asyncFieldKey(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error.fields.image?.key;
    throw error;
  }
  return undefined;
}

const svg = (inner: string, attrs = '') => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100" width="100" height="100"${attrs}>${inner}</svg>`;

describe('SVG sanitiser', () => {
  it('keeps the shapes, gradients, text and internal references of a clean badge', () => {
    const clean = sanitizeSvg(
      svg(
        '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1b3a8a"/><stop offset="1" stop-color="#b3261e"/></linearGradient></defs>' +
          '<title>Ingénierie multimodale</title><circle cx="50" cy="50" r="45" fill="url(#g)" stroke="#fff" stroke-width="3"/>' +
          '<path d="M20 50 L50 80 L80 20" fill="none" stroke="#fff"/><use xlink:href="#g"/><text x="50" y="55" text-anchor="middle" font-size="12">R&amp;D &lt;3</text>',
      ),
    );
    expect(clean).toContain('viewBox="0 0 100 100"');
    expect(clean).toContain('<circle cx="50" cy="50" r="45" fill="url(#g)" stroke="#fff" stroke-width="3"/>');
    expect(clean).toContain('<linearGradient id="g" x1="0" y1="0" x2="1" y2="1">');
    expect(clean).toContain('<path d="M20 50 L50 80 L80 20" fill="none" stroke="#fff"/>');
    expect(clean).toContain('<use xlink:href="#g"/>');
    expect(clean).toContain('<title>Ingénierie multimodale</title>');
    expect(clean).toContain('R&amp;D &lt;3</text>');
    expect(sanitizeSvg(clean)).toBe(clean); // stable
  });

  it.each([
    ['a script element', '<script>alert(1)</script><rect width="10" height="10"/>', /script|alert/],
    ['a CDATA script', '<script><![CDATA[alert(1)]]></script><rect width="10" height="10"/>', /script|alert/],
    ['event handlers', '<rect width="10" height="10" onclick="alert(1)" onmouseover="x()"/>', /onclick|onmouseover|alert/],
    ['foreignObject', '<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject><rect width="1" height="1"/>', /foreignObject|xhtml|hi/],
    ['an external xlink:href', '<use xlink:href="https://evil.example/x.svg#a"/><rect width="1" height="1"/>', /evil/],
    ['an external href on image', '<image href="https://evil.example/track.png" width="1" height="1"/><rect width="1" height="1"/>', /evil/],
    ['a javascript: link', '<a xlink:href="javascript:alert(1)"><rect width="10" height="10"/></a>', /javascript|alert|<a/],
    ['an encoded javascript: URL', '<a href="&#106;avascript&#58;alert(1)"><rect width="10" height="10"/></a>', /javascript|alert/],
    ['an animation rewriting a link', '<a href="#x"><set attributeName="href" to="javascript:alert(1)"/><rect width="1" height="1"/></a>', /set|javascript/],
    ['a style element with url()', '<style>rect { fill: url(https://evil.example/a.png) }</style><rect width="1" height="1"/>', /style|evil/],
    ['a style element with @import', '<style>@import url(#x); rect { fill: red }</style><rect width="1" height="1"/>', /style|import/],
    ['CSS escapes', '<style>rect { fill: u\\72l(https://evil.example/) }</style><rect width="1" height="1"/>', /style|evil/],
    ['a style attribute with an external url', '<rect width="1" height="1" style="fill: url(\'https://evil.example/\')"/>', /style=|evil/],
    ['an external url in a presentation attribute', '<rect width="1" height="1" fill="url(https://evil.example/#g)"/>', /evil|fill=/],
    ['an SVG data: URI in an image', '<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" width="1" height="1"/><rect width="1" height="1"/>', /svg\+xml/],
    ['foreign namespaced elements and attributes', '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"/><rect xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="click" width="1" height="1"/>', /sodipodi|ev:/],
    ['comments and processing instructions', '<!-- secret --><?php echo 1 ?><rect width="1" height="1"/>', /secret|php/],
  ])('removes %s', (_name, inner, forbidden) => {
    const clean = sanitizeSvg(svg(inner));
    expect(clean).not.toMatch(forbidden);
    expect(clean).toMatch(/<rect [^>]*width="1\d?"/);
  });

  it('keeps raster data: images and internal url() references', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const clean = sanitizeSvg(svg(`<image href="${png}" width="10" height="10"/><rect width="1" height="1" style="fill: url('#g'); stroke: red"/>`));
    expect(clean).toContain(`href="${png}"`);
    expect(clean).toContain(`style="fill: url('#g'); stroke: red"`);
  });

  it('refuses entity declarations (XXE, billion laughs) and DTD internal subsets', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + svg('<text>&xxe;</text>');
    expect(fieldKey(() => sanitizeSvg(xxe))).toBe('badges.image.svgEntities');
    const laughs = '<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>' + svg('<text>&b;</text>');
    expect(fieldKey(() => sanitizeSvg(laughs))).toBe('badges.image.svgEntities');
  });

  it('accepts a plain public DOCTYPE (common in exported files) and drops it', () => {
    const doc = '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + svg('<rect width="1" height="1"/>');
    expect(looksLikeSvg(Buffer.from(doc))).toBe(true);
    const clean = sanitizeSvg(doc);
    expect(clean).not.toContain('DOCTYPE');
    expect(clean).toContain('<rect width="1" height="1"/>');
  });

  it('refuses malformed XML, undeclared entities and non-SVG roots', () => {
    expect(fieldKey(() => sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>'))).toBe('badges.image.unreadable');
    expect(fieldKey(() => sanitizeSvg(svg('<text>&unknown;</text>')))).toBe('badges.image.unreadable');
    expect(fieldKey(() => sanitizeSvg('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'))).toBe('badges.image.type');
  });
});

describe('badge images', () => {
  it('re-encodes a PNG, dropping a credential baked into it, and fits it in 1024×1024', async () => {
    const original = await sharp({ create: { width: 1600, height: 800, channels: 4, background: '#1b3a8a' } }).png().toBuffer();
    const baked = bakePng(original, '{"fake":"credential"}');
    expect(readPngCredential(baked)).toBeDefined();
    const image = await normalizeBadgeImage(baked, 10_000_000);
    expect(image.type).toBe('image/png');
    const meta = await sharp(image.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1024, 512]);
    expect(readPngCredential(image.bytes)).toBeUndefined();
  });

  it('converts JPEG to PNG and stores SVG sanitised', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#b3261e' } }).jpeg().toBuffer();
    expect((await normalizeBadgeImage(jpeg, MAX)).type).toBe('image/png');
    const image = await normalizeBadgeImage(Buffer.from(svg('<script>x</script><circle r="10" cx="50" cy="50"/>')), MAX);
    expect(image.type).toBe('image/svg+xml');
    expect(image.bytes.toString()).not.toContain('script');
    expect((await sharp(image.bytes).metadata()).format).toBe('svg');
  });

  it('refuses empty, too large, non-image and broken files with a field error', async () => {
    expect(await asyncFieldKey(() => normalizeBadgeImage(Buffer.alloc(0), MAX))).toBe('badges.image.required');
    expect(await asyncFieldKey(() => normalizeBadgeImage(Buffer.alloc(MAX + 1, 1), MAX))).toBe('badges.image.tooLarge');
    expect(await asyncFieldKey(() => normalizeBadgeImage(Buffer.from('%PDF-1.4 not an image'), MAX))).toBe('badges.image.type');
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).gif().toBuffer();
    expect(await asyncFieldKey(() => normalizeBadgeImage(gif, MAX))).toBe('badges.image.type');
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer();
    expect(await asyncFieldKey(() => normalizeBadgeImage(png.subarray(0, 40), MAX))).toMatch(/badges\.image\.(unreadable|type)/);
  });
});

describe('sharp, loaded on the first image', () => {
  it('is loaded once and is the sharp module', async () => {
    const [a, b] = await Promise.all([loadSharp(), loadSharp()]);
    expect(a).toBe(b);
    expect(a).toBe(sharp);
  });
});
