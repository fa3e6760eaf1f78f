// SVG badge images, sanitised: parsed with a real XML parser (@xmldom/xmldom) and rebuilt from an
// allowlist of SVG elements and attributes. Out: scripts, event handlers (on*), foreignObject,
// animations (they can rewrite links), external references (href/xlink:href other than '#…', or
// data: raster images on <image>), url(…) to anything but '#…', CSS escapes and @import,
// javascript: anywhere, comments and processing instructions. DTD internal subsets and entity
// declarations (XXE, "billion laughs") are refused before parsing.
import { DOMParser } from '@xmldom/xmldom';
import { fail } from '../errors';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const ELEMENTS = new Set(
  (
    'svg g defs title desc symbol use switch path rect circle ellipse line polyline polygon text tspan textPath ' +
    'linearGradient radialGradient stop clipPath mask pattern marker filter image style ' +
    'feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap ' +
    'feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feMerge feMergeNode ' +
    'feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence'
  ).split(' '),
);
/** Elements replaced by a group (their children are kept; their link is not). */
const UNWRAP = new Set(['a']);

const ATTRIBUTES = new Set(
  (
    'id class style transform fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap ' +
    'stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color display visibility ' +
    'clip-path clip-rule mask filter font-family font-size font-weight font-style font-variant font-stretch ' +
    'text-anchor dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing text-decoration ' +
    'writing-mode direction unicode-bidi lengthAdjust textLength paint-order vector-effect shape-rendering ' +
    'text-rendering image-rendering color-interpolation color-interpolation-filters stop-color stop-opacity ' +
    'flood-color flood-opacity lighting-color marker-start marker-mid marker-end overflow mix-blend-mode isolation ' +
    'role aria-label aria-hidden aria-labelledby aria-describedby lang ' +
    'x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points pathLength viewBox preserveAspectRatio version ' +
    'offset gradientUnits gradientTransform spreadMethod patternUnits patternContentUnits patternTransform ' +
    'clipPathUnits maskUnits maskContentUnits markerWidth markerHeight markerUnits refX refY orient dx dy rotate ' +
    'startOffset method spacing side filterUnits primitiveUnits in in2 result stdDeviation mode operator k1 k2 k3 ' +
    'k4 values type tableValues slope intercept amplitude exponent baseFrequency numOctaves seed stitchTiles ' +
    'scale xChannelSelector yChannelSelector radius surfaceScale diffuseConstant specularConstant ' +
    'specularExponent kernelMatrix kernelUnitLength order divisor bias targetX targetY edgeMode preserveAlpha ' +
    'azimuth elevation z pointsAtX pointsAtY pointsAtZ limitingConeAngle media'
  ).split(' '),
);

const RASTER_DATA_URI = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$/i;

/** Refused before parsing: DTD internal subsets and entity declarations. */
function hasDtdSubset(text: string): boolean {
  return /<!ENTITY/i.test(text) || /<!DOCTYPE[^>]*\[/i.test(text);
}

/** Whether the bytes look like an SVG document (text whose first element is <svg>). */
export function looksLikeSvg(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '');
  return /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>/]/i.test(head);
}

/** Values that can run code or reach outside the image. */
function dangerousValue(value: string): boolean {
  const compact = value.replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();
  if (/(javascript|vbscript|livescript):/.test(compact)) return true;
  if (/expression\(|-moz-binding|behavior:|@import/.test(compact)) return true;
  for (const match of compact.matchAll(/url\(/g)) {
    const after = compact.slice((match.index ?? 0) + 4).replace(/^['"]/, '');
    if (!after.startsWith('#')) return true;
  }
  return false;
}

function safeCss(css: string): boolean {
  return !css.includes('\\') && !/<\//.test(css) && !dangerousValue(css);
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

interface XmlNode {
  nodeType: number;
  nodeValue: string | null;
  localName: string | null;
  namespaceURI: string | null;
  childNodes: { length: number; item(i: number): XmlNode | null };
  attributes?: { length: number; item(i: number): { localName: string | null; name: string; namespaceURI: string | null; value: string } | null };
}

function attributesOf(element: XmlNode, tag: string): string {
  const out: string[] = [];
  const attrs = element.attributes;
  for (let i = 0; attrs && i < attrs.length; i++) {
    const attr = attrs.item(i);
    if (!attr) continue;
    const local = attr.localName ?? attr.name;
    const value = attr.value;
    if (attr.namespaceURI === XML_NS) {
      if (local === 'space' || local === 'lang') out.push(`xml:${local}="${escapeAttribute(value)}"`);
      continue;
    }
    const isHref = local === 'href' && (attr.namespaceURI === null || attr.namespaceURI === XLINK_NS);
    if (isHref) {
      const href = value.trim();
      const allowed = tag === 'image' ? RASTER_DATA_URI.test(href) || /^#[\w.:-]+$/.test(href) : /^#[\w.:-]+$/.test(href);
      if (allowed && !UNWRAP.has(tag)) out.push(`${attr.namespaceURI === XLINK_NS ? 'xlink:href' : 'href'}="${escapeAttribute(href)}"`);
      continue;
    }
    if (attr.namespaceURI !== null || !ATTRIBUTES.has(local) || /^on/i.test(local)) continue;
    if (local === 'style' ? !safeCss(value) : dangerousValue(value)) continue;
    out.push(`${local}="${escapeAttribute(value)}"`);
  }
  return out.length ? ` ${out.join(' ')}` : '';
}

function serialize(node: XmlNode, depth: number): string {
  if (depth > 100) throw fail.field('image', 'badges.image.svgTooDeep');
  if (node.nodeType === 3 || node.nodeType === 4) return escapeText(node.nodeValue ?? '');
  if (node.nodeType !== 1) return ''; // comments, processing instructions
  const local = node.localName ?? '';
  if (node.namespaceURI !== SVG_NS) return '';
  const unwrap = UNWRAP.has(local);
  if (!ELEMENTS.has(local) && !unwrap) return '';
  let children = '';
  for (let i = 0; i < node.childNodes.length; i++) {
    const child = node.childNodes.item(i);
    if (child) children += serialize(child, depth + 1);
  }
  if (local === 'style') {
    const css = children.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    if (!safeCss(css)) return '';
  }
  const tag = unwrap ? 'g' : local;
  const namespaces = depth === 0 ? ` xmlns="${SVG_NS}" xmlns:xlink="${XLINK_NS}"` : '';
  const attributes = attributesOf(node, local);
  return children === '' ? `<${tag}${namespaces}${attributes}/>` : `<${tag}${namespaces}${attributes}>${children}</${tag}>`;
}

/**
 * Returns a clean copy of an SVG document, or throws a field error (`image`) when it is not a
 * well-formed SVG document or declares a DTD internal subset or entities.
 */
export function sanitizeSvg(text: string): string {
  const source = text.replace(/^\uFEFF/, '');
  if (hasDtdSubset(source)) throw fail.field('image', 'badges.image.svgEntities');
  let root: XmlNode | null;
  try {
    const document = new DOMParser({
      locator: false,
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(source, 'image/svg+xml');
    root = document.documentElement as unknown as XmlNode | null;
  } catch {
    throw fail.field('image', 'badges.image.unreadable');
  }
  if (!root || root.localName !== 'svg' || root.namespaceURI !== SVG_NS) throw fail.field('image', 'badges.image.type');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(root, 0)}\n`;
}
