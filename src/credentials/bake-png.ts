// PNG baking (OB 3.0 "Baked Badge"): the credential — its JSON, or the compact JWS of a VC-JWT —
// goes, uncompressed, into one iTXt chunk with the keyword `openbadgecredential`. No npm package
// writes iTXt chunks, so the chunk code is here; CRCs use zlib.crc32.
import zlib from 'node:zlib';
import { OB_PNG_KEYWORD } from './model';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Chunk {
  type: string;
  data: Buffer;
}

/** True when the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && Buffer.from(bytes.buffer, bytes.byteOffset, 8).equals(SIGNATURE);
}

/**
 * Bakes a credential into a PNG: `credential` is the signed credential object (written as JSON) or a
 * compact JWS string. An existing `openbadgecredential` chunk is replaced (one credential per image).
 * `keyword` is `openbadges` for an Open Badges 2.0 image (the text is then the hosted assertion URL).
 */
export function bakePng(png: Uint8Array, credential: object | string, keyword: string = OB_PNG_KEYWORD): Buffer {
  const text = typeof credential === 'string' ? credential : JSON.stringify(credential);
  const chunks = readChunks(png).filter((chunk) => !(isTextChunk(chunk) && keywordOf(chunk) === keyword));
  const end = chunks.findIndex((chunk) => chunk.type === 'IEND');
  chunks.splice(end, 0, { type: 'iTXt', data: iTxtData(keyword, text) });
  return Buffer.concat([SIGNATURE, ...chunks.map(encodeChunk)]);
}

/**
 * The credential text baked in a PNG (JSON or compact JWS), from the first `openbadgecredential`
 * iTXt chunk; undefined when there is none.
 */
export function readPngCredential(png: Uint8Array, keyword: string = OB_PNG_KEYWORD): string | undefined {
  for (const chunk of readChunks(png)) {
    if (chunk.type === 'iTXt' && keywordOf(chunk) === keyword) return iTxtText(chunk.data);
  }
  return undefined;
}

/**
 * The text of the first text chunk (iTXt, tEXt or zTXt) with `keyword`: Open Badges 2.0 images
 * (`openbadges`) were baked in any of the three. Undefined when there is none.
 */
export function readPngText(png: Uint8Array, keyword: string): string | undefined {
  for (const chunk of readChunks(png)) {
    if (!isTextChunk(chunk) || keywordOf(chunk) !== keyword) continue;
    if (chunk.type === 'iTXt') return iTxtText(chunk.data);
    const start = keyword.length + 1;
    if (chunk.type === 'tEXt') return chunk.data.toString('latin1', start);
    return zlib.inflateSync(chunk.data.subarray(start + 1), { maxOutputLength: 16 * 1024 * 1024 }).toString('latin1');
  }
  return undefined;
}

/** Splits a PNG into chunks, checking the signature, the lengths and the CRCs; throws on a broken file. */
function readChunks(png: Uint8Array): Chunk[] {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!isPng(bytes)) throw new TypeError('Not a PNG image.');
  const chunks: Chunk[] = [];
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new TypeError('Truncated PNG chunk.');
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (zlib.crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== bytes.readUInt32BE(offset + 8 + length)) {
      throw new TypeError(`Bad CRC in PNG chunk ${type}.`);
    }
    chunks.push({ type, data });
    offset = end;
    if (type === 'IEND') return chunks;
  }
  throw new TypeError('PNG without IEND chunk.');
}

function encodeChunk(chunk: Chunk): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(chunk.data.length, 0);
  head.write(chunk.type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(chunk.data, zlib.crc32(head.subarray(4))), 0);
  return Buffer.concat([head, chunk.data, crc]);
}

function isTextChunk(chunk: Chunk): boolean {
  return chunk.type === 'iTXt' || chunk.type === 'tEXt' || chunk.type === 'zTXt';
}

function keywordOf(chunk: Chunk): string {
  const end = chunk.data.indexOf(0);
  return chunk.data.toString('latin1', 0, end < 0 ? chunk.data.length : end);
}

/** keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL, UTF-8 text. */
function iTxtData(keyword: string, text: string): Buffer {
  return Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]);
}

function iTxtText(data: Buffer): string {
  const after = (from: number): number => {
    const nul = data.indexOf(0, from);
    if (nul < 0) throw new TypeError('Malformed iTXt chunk.');
    return nul + 1;
  };
  const flags = after(0); // past the keyword
  const compressed = data[flags] === 1;
  const text = data.subarray(after(after(flags + 2))); // past the language tag and the translated keyword
  return (compressed ? zlib.inflateSync(text, { maxOutputLength: 16 * 1024 * 1024 }) : text).toString('utf8');
}
