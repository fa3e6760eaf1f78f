// SVG baking (OB 3.0 "Baked Badge"): `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"` on the
// root, and right after the <svg> start tag an <openbadges:credential> element holding the JSON in
// CDATA, or with a `verify` attribute holding the compact JWS of a VC-JWT.
import { OB_SVG_NAMESPACE } from './model';

const PREFIX = 'openbadges';

/** True when the text looks like an SVG document. */
export function isSvg(text: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(text.replace(/^\uFEFF/, ''));
}

/**
 * Bakes a credential into an SVG: `credential` is the signed credential object (JSON in CDATA) or a
 * compact JWS string (`verify` attribute). An existing OB 3.0 credential element is replaced.
 */
export function bakeSvg(svg: string | Uint8Array, credential: object | string): string {
  let text = typeof svg === 'string' ? svg : Buffer.from(svg).toString('utf8');
  for (const prefix of ob3Prefixes(text)) text = removeElements(text, prefix);
  const root = findStartTag(text, 'svg');
  if (!root) throw new TypeError('Not an SVG image: no <svg> element.');
  const binding = /\sxmlns:openbadges\s*=\s*(["'])(.*?)\1/.exec(root.tag);
  if (binding && binding[2] !== OB_SVG_NAMESPACE) throw new TypeError('The SVG binds the openbadges prefix to another namespace.');
  const selfClosing = root.tag.endsWith('/>');
  const attributes = binding ? '' : ` xmlns:${PREFIX}="${OB_SVG_NAMESPACE}"`;
  const head = root.tag.slice(0, selfClosing ? -2 : -1).trimEnd() + attributes + '>';
  const element =
    typeof credential === 'string'
      ? `<${PREFIX}:credential verify="${escapeAttribute(credential)}"></${PREFIX}:credential>`
      : `<${PREFIX}:credential><![CDATA[${JSON.stringify(credential).replaceAll(']]>', ']]]]><![CDATA[>')}]]></${PREFIX}:credential>`;
  return text.slice(0, root.start) + head + '\n' + element + (selfClosing ? '\n</svg>' : '') + text.slice(root.end);
}

/** The credential text baked in an SVG (JSON or compact JWS); undefined when there is none. */
export function readSvgCredential(svg: string | Uint8Array): string | undefined {
  return readBakedElement(svg, OB_SVG_NAMESPACE, 'credential');
}

/** Open Badges 2.0: the `openbadges:assertion` element (namespace http://openbadges.org), its `verify` attribute or its content. */
export function readSvgAssertion(svg: string | Uint8Array): string | undefined {
  return readBakedElement(svg, OB2_SVG_NAMESPACE, 'assertion') ?? readBakedElement(svg, `${OB2_SVG_NAMESPACE}/`, 'assertion');
}

const OB2_SVG_NAMESPACE = 'http://openbadges.org';

function readBakedElement(svg: string | Uint8Array, namespace: string, element: string): string | undefined {
  const text = typeof svg === 'string' ? svg : Buffer.from(svg).toString('utf8');
  for (const prefix of prefixesOf(text, namespace)) {
    const start = findStartTag(text, `${prefix}:${element}`);
    if (!start) continue;
    const verify = /\sverify\s*=\s*(["'])([\s\S]*?)\1/.exec(start.tag);
    if (verify?.[2]) return unescapeXml(verify[2]).trim();
    if (start.tag.endsWith('/>')) continue;
    const close = text.indexOf(`</${prefix}:${element}>`, start.end);
    if (close < 0) continue;
    const body = text.slice(start.end, close);
    const sections = [...body.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((match) => match[1]);
    return (sections.length > 0 ? sections.join('') : unescapeXml(body)).trim();
  }
  return undefined;
}

/** Prefixes bound to the OB 3.0 namespace (`openbadges` by convention). */
function ob3Prefixes(text: string): string[] {
  return prefixesOf(text, OB_SVG_NAMESPACE);
}

/** Prefixes bound to `namespace`. */
function prefixesOf(text: string, namespace: string): string[] {
  const escaped = namespace.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const pattern = new RegExp(`xmlns:([A-Za-z_][\\w.-]*)\\s*=\\s*["']${escaped}["']`, 'g');
  return [...new Set([...text.matchAll(pattern)].map((match) => match[1]!))];
}

/** The first start tag `<name …>` outside comments and CDATA, scanning quoted attribute values. */
function findStartTag(text: string, name: string): { start: number; end: number; tag: string } | undefined {
  const pattern = new RegExp(`<${name.replace(/[.]/g, '\\.')}(?=[\\s/>])|<!--|<!\\[CDATA\\[`, 'g');
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0] === '<!--' || match[0] === '<![CDATA[') {
      const close = text.indexOf(match[0] === '<!--' ? '-->' : ']]>', match.index);
      if (close < 0) return undefined;
      pattern.lastIndex = close;
      continue;
    }
    let quote: string | undefined;
    for (let i = match.index + match[0].length; i < text.length; i++) {
      const char = text[i];
      if (quote) {
        if (char === quote) quote = undefined;
      } else if (char === '"' || char === "'") {
        quote = char;
      } else if (char === '>') {
        return { start: match.index, end: i + 1, tag: text.slice(match.index, i + 1) };
      }
    }
    return undefined;
  }
  return undefined;
}

function removeElements(text: string, prefix: string): string {
  for (let start = findStartTag(text, `${prefix}:credential`); start; start = findStartTag(text, `${prefix}:credential`)) {
    let end = start.end;
    if (!start.tag.endsWith('/>')) {
      const closeTag = `</${prefix}:credential>`;
      const close = text.indexOf(closeTag, start.end);
      if (close < 0) throw new TypeError('Unclosed credential element in the SVG.');
      end = close + closeTag.length;
    }
    text = text.slice(0, start.start) + text.slice(end).replace(/^[ \t]*\r?\n/, '');
  }
  return text;
}

function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

function unescapeXml(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    if (entity === 'lt') return '<';
    if (entity === 'gt') return '>';
    if (entity === 'amp') return '&';
    if (entity === 'quot') return '"';
    if (entity === 'apos') return "'";
    return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
  });
}
