// Baking into PNG (iTXt `openbadgecredential`) and SVG (<openbadges:credential>), and reading back,
// including the corpus's baked samples.
import zlib from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  bakePng,
  bakeSvg,
  buildOpenBadgeCredential,
  OB_PNG_KEYWORD,
  readPngCredential,
  readSvgCredential,
  signDataIntegrity,
  signJwt,
  verifyCredential,
} from '../../src/credentials';
import { readCorpusFile, readCorpusJson } from '../fixtures/credentials';
import { credentialInput, didWebIssuer } from '../fixtures/credentials/issuer';

const now = new Date('2025-01-01T00:00:00Z');
const SVG = `<?xml version="1.0" encoding="UTF-8"?>
<!-- badge <svg> artwork -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" data-note="a > b"><circle cx="5" cy="5" r="4"/></svg>
`;

async function png(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 8, channels: 4, background: '#1d4ed8' } })
    .png()
    .toBuffer();
}

/** The text chunks of a PNG, as [type, keyword]. */
function textChunks(bytes: Buffer): Array<[string, string]> {
  const chunks: Array<[string, string]> = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    expect(bytes.readUInt32BE(offset + 8 + length)).toBe(zlib.crc32(bytes.subarray(offset + 4, offset + 8 + length)));
    if (type.endsWith('Xt')) chunks.push([type, data.toString('latin1', 0, data.indexOf(0))]);
    offset += 12 + length;
  }
  return chunks;
}

describe('PNG baking', () => {
  it('bakes a signed credential and a JWT, one credential per image, and both verify', async () => {
    const issuer = await didWebIssuer();
    const credential = buildOpenBadgeCredential(credentialInput(issuer.did));
    const signed = await signDataIntegrity(credential, { key: issuer.key, documentLoader: issuer.loader() });
    const jwt = await signJwt(credential, { key: issuer.key });

    const baked = bakePng(await png(), signed);
    expect(textChunks(baked)).toEqual([['iTXt', OB_PNG_KEYWORD]]);
    expect(JSON.parse(readPngCredential(baked)!)).toEqual(signed);
    expect(await sharp(baked).metadata()).toMatchObject({ format: 'png', width: 8, height: 8 });
    expect(await verifyCredential(baked, { documentLoader: issuer.loader(), now })).toMatchObject({ valid: true, format: 'png' });

    const rebaked = bakePng(baked, jwt);
    expect(textChunks(rebaked)).toEqual([['iTXt', OB_PNG_KEYWORD]]);
    expect(readPngCredential(rebaked)).toBe(jwt);
    expect(await verifyCredential(rebaked, { documentLoader: issuer.loader(), now })).toMatchObject({ valid: true, format: 'png' });
  });

  it('keeps the image’s other chunks and reads the corpus samples', async () => {
    const sample = readCorpusFile('simple-json.png');
    expect(JSON.parse(readPngCredential(sample)!)).toMatchObject({ id: readCorpusJson('simple.json').id, name: 'Teamwork Badge' });
    expect(readPngCredential(readCorpusFile('simple-jwt.png'))).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    const rebaked = bakePng(sample, { hello: 'world' });
    expect(textChunks(rebaked)).toEqual([
      ['tEXt', 'date:create'],
      ['tEXt', 'date:modify'],
      ['iTXt', OB_PNG_KEYWORD],
    ]);
    expect(readPngCredential(rebaked)).toBe('{"hello":"world"}');
    expect(readPngCredential(await png())).toBeUndefined();
  });

  it('refuses broken files', async () => {
    const image = await png();
    const broken = Buffer.from(image);
    broken[20] = broken[20]! ^ 0xff; // inside IHDR: its CRC no longer matches
    expect(() => readPngCredential(broken)).toThrow(/CRC/);
    expect(() => readPngCredential(image.subarray(0, 40))).toThrow();
    expect(() => bakePng(Buffer.from('GIF89a'), {})).toThrow(/Not a PNG/);
  });
});

describe('SVG baking', () => {
  it('bakes a signed credential in CDATA right after the <svg> tag, and a JWT in verify=""', async () => {
    const issuer = await didWebIssuer();
    const credential = buildOpenBadgeCredential(credentialInput(issuer.did, { narrative: 'Tricky: ]]> and <b>' }));
    const signed = await signDataIntegrity(credential, { key: issuer.key, documentLoader: issuer.loader() });

    const baked = bakeSvg(SVG, signed);
    expect(baked).toContain('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" data-note="a > b" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">\n<openbadges:credential><![CDATA[');
    expect(baked).toContain('<!-- badge <svg> artwork -->');
    expect(JSON.parse(readSvgCredential(baked)!)).toEqual(signed);
    expect(await verifyCredential(Buffer.from(baked), { documentLoader: issuer.loader(), now })).toMatchObject({ valid: true, format: 'svg' });

    const jwt = await signJwt(credential, { key: issuer.key });
    const rebaked = bakeSvg(baked, jwt);
    expect(rebaked.match(/<openbadges:credential/g)).toHaveLength(1);
    expect(rebaked.match(/xmlns:openbadges=/g)).toHaveLength(1);
    expect(rebaked).toContain(`<openbadges:credential verify="${jwt}"></openbadges:credential>`);
    expect(readSvgCredential(rebaked)).toBe(jwt);
    expect(await verifyCredential(rebaked, { documentLoader: issuer.loader(), now })).toMatchObject({ valid: true, format: 'svg' });
  });

  it('reads the corpus samples and an image without credential', () => {
    expect(JSON.parse(readSvgCredential(readCorpusFile('simple-json.svg'))!)).toMatchObject({ id: 'http://example.com/credentials/3527' });
    expect(readSvgCredential(readCorpusFile('simple-jwt.svg'))).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(readSvgCredential(SVG)).toBeUndefined();
    expect(bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', 'a.b.c')).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">\n<openbadges:credential verify="a.b.c"></openbadges:credential>\n</svg>',
    );
    expect(() => bakeSvg('<svg xmlns:openbadges="http://openbadges.org"></svg>', 'a.b.c')).toThrow(/another namespace/);
  });
});
