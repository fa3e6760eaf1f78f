// Canonicalising an Open Badges credential (eddsa-rdfc-2022, to sign or to verify) spends most of
// its time in jsonld.js 9's context handling, not in the canonicalisation: measured on a Blason
// award, ~33 % in deep copies of the active context (`util.clone` of every term definition) and
// ~27 % in collecting their garbage (jsonld.js issue #414). The OB 3.0 and VC 2.0 contexts are
// made of type-scoped contexts, so this happens at every typed node of every credential, and the
// library's cache of processed contexts never hits for them: a non-propagating context is looked
// up with a fresh copy of the active context as its key.
//
// jsonld.js never changes an active context once processing has made it: `api.process` copies
// before defining terms, and term definitions are new objects each time (`createTermDefinition`);
// the lazily built inverse context is derived from the context's own terms. So, without changing
// any result, this module (installed once, when the credentials core is loaded):
//  - copies the term map shallowly instead of deeply (new Map: the copy's own additions and
//    removals still do not touch the original) and shares the previous context instead of
//    deep-copying it;
//  - reverts to the previous context itself instead of a copy of it (its identity is what the
//    processed-context cache is keyed on);
//  - keys that cache, for "a copy of X whose previous context is X" (what a non-propagating
//    context is processed on), on X itself, so the processed context is reused;
//  - makes those copies lazily (most are thrown away unread once the cache answers);
//  - finds the scoped contexts of static context documents in the resolver's caches by identity
//    instead of serialising them to JSON at every node they apply to.
// Measured on a Blason-shaped award, one core: vc.issue 157/s → 651/s with the first three; the
// last two took Blason's verification from ~1,300/s to ~1,700/s. Equivalence is tested on
// the 1EdTech corpus, the spec's test vector, Blason's own credentials and documents built to
// exercise type- and property-scoped contexts (test/unit/jsonld-speed.test.ts, against an
// unpatched jsonld.js in a worker thread); the W3C JSON-LD 1.1 expand, compact and toRdf suites
// gave the same results with and without it (see the issue note). It applies to jsonld 9.0.0
// only: another version leaves the library untouched (and that test fails, to have it re-checked).
import jsonldContext from 'jsonld/lib/context.js';
import ContextResolver from 'jsonld/lib/ContextResolver.js';
import ResolvedContext from 'jsonld/lib/ResolvedContext.js';
import jsonldPackage from 'jsonld/package.json' with { type: 'json' };

/** The jsonld.js version this was checked against. */
export const JSONLD_VERSION_CHECKED = '9.0.0';

interface ResolvedContextPrototype {
  getProcessed(activeCtx: ActiveContext): unknown;
  setProcessed(activeCtx: ActiveContext, processed: unknown): void;
  [INSTALLED]?: true;
}

interface ActiveContext {
  mappings: Map<string, unknown>;
  protected: Record<string, unknown>;
  inverse: unknown;
  previousContext?: ActiveContext;
  clone: (this: ActiveContext) => ActiveContext;
  getInverse: unknown;
  revertToPreviousContext: (this: ActiveContext) => ActiveContext;
  '@base'?: unknown;
  '@language'?: unknown;
  '@vocab'?: unknown;
  [COPY_OF]?: ActiveContext;
}

const COPY_OF = Symbol('blason.jsonld.copyOf');
const INSTALLED = Symbol.for('blason.jsonld.speed');
const proto = (ResolvedContext as unknown as { prototype: ResolvedContextPrototype }).prototype;
const resolverProto = (ContextResolver as unknown as { prototype: ContextResolverPrototype }).prototype;

interface ContextResolverPrototype {
  resolve(this: ContextResolverPrototype, args: { context: unknown }): Promise<unknown[]>;
  _get(key: string): unknown;
  _cacheResolvedContext(args: { key: string; resolved: unknown; tag?: string }): unknown;
}

/**
 * The same copy as jsonld.js's `_cloneActiveContext`, without deep-copying what is never changed,
 * and made lazily: the term map and the protected terms are copied when first read. Most copies
 * are never read — before looking up its cache for a non-propagating context, jsonld.js copies the
 * active context (to hold the previous one), and on a cache hit throws that copy away.
 * A copy is read either at once (the terms it then defines) or never: jsonld.js changes a context
 * only while it builds it, and what it copies while building (to check a scoped context) it reads
 * before going on (the checked context is built, then thrown away).
 */
function shareClone(this: ActiveContext): ActiveContext {
  const child = Object.create(lazyCopy) as ActiveContext;
  child.clone = this.clone;
  child.inverse = null;
  child.getInverse = this.getInverse;
  child.revertToPreviousContext = this.revertToPreviousContext;
  if (this.previousContext) child.previousContext = this.previousContext;
  if ('@base' in this) child['@base'] = this['@base'];
  if ('@language' in this) child['@language'] = this['@language'];
  if ('@vocab' in this) child['@vocab'] = this['@vocab'];
  child[COPY_OF] = this;
  return child;
}

/** Sets an own, ordinary property (which then hides the prototype's lazy accessor). */
function own<K extends 'mappings' | 'protected'>(target: ActiveContext, key: K, value: ActiveContext[K]): ActiveContext[K] {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/** The prototype of a lazy copy: its term map and protected terms are copied from the source when first used. */
const lazyCopy = {
  get mappings(): Map<string, unknown> {
    const self = this as unknown as ActiveContext;
    return own(self, 'mappings', new Map(self[COPY_OF]!.mappings));
  },
  set mappings(value: Map<string, unknown>) {
    own(this as unknown as ActiveContext, 'mappings', value);
  },
  get protected(): Record<string, unknown> {
    const self = this as unknown as ActiveContext;
    return own(self, 'protected', { ...self[COPY_OF]!.protected });
  },
  set protected(value: Record<string, unknown>) {
    own(this as unknown as ActiveContext, 'protected', value);
  },
};

function shareRevert(this: ActiveContext): ActiveContext {
  return this.previousContext ?? this;
}

// "A copy of X whose previous context is X" → one stable key per X.
const nonPropagatingKeys = new WeakMap<ActiveContext, object>();
function cacheKey(activeCtx: ActiveContext): object {
  const source = activeCtx[COPY_OF];
  if (source === undefined || activeCtx.previousContext !== source) return activeCtx;
  let key = nonPropagatingKeys.get(source);
  if (!key) {
    key = {};
    nonPropagatingKeys.set(source, key);
  }
  return key;
}


// A scoped context (the `@context` of a type or property) is an object inside its context
// document; at every node it applies to, jsonld.js's resolver finds it in its caches by its JSON
// text, serialised again each time (JSON.stringify of the whole scoped context, then hashing that
// new string in two maps). For the scoped contexts of documents the loader marked `static` (they
// never change: Blason's bundled contexts), the text is kept by the object's identity instead.
const inStaticDocument = new WeakSet<object>();
const staticKeys = new WeakMap<object, string>();

/** Marks every context object of a static context document (its `@context` values, at any depth). */
function markStatic(value: unknown, insideContext: boolean): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) markStatic(item, insideContext);
    return;
  }
  if (insideContext) inStaticDocument.add(value);
  for (const [key, item] of Object.entries(value)) markStatic(item, insideContext || key === '@context');
}

function installScopedContextKeys(): void {
  const { resolve, _cacheResolvedContext: cacheResolved } = resolverProto;
  resolverProto._cacheResolvedContext = function (args) {
    if (args.tag === 'static') {
      const documents = (Array.isArray(args.resolved) ? args.resolved : [args.resolved]).map((r) => (r as { document?: unknown }).document);
      // A URL's context document, as the loader gave it (its contexts are marked)…
      if (!args.key.startsWith('{')) for (const document of documents) markStatic(document, true);
      // …and a context object of one, resolved under its JSON text.
      else if (documents.length === 1 && inStaticDocument.has(documents[0] as object)) staticKeys.set(documents[0] as object, args.key);
    }
    return cacheResolved.call(this, args);
  };
  resolverProto.resolve = function (args) {
    // As `resolve` does for one context object, minus the serialisation.
    let context = args.context as Record<string, unknown> | null | undefined;
    if (context && typeof context === 'object' && !Array.isArray(context) && context['@context']) context = context['@context'] as Record<string, unknown>;
    const key = context && typeof context === 'object' ? staticKeys.get(context) : undefined;
    const resolved = key === undefined ? undefined : this._get(key);
    return resolved ? Promise.resolve([resolved]) : resolve.call(this, args);
  };
}

/** True when jsonld.js is the version checked and the faster context handling is in place. */
export function jsonLdSpeedInstalled(): boolean {
  // Marked on this copy of jsonld.js (a test runner may load several).
  return proto[INSTALLED] === true;
}

/** Installs the faster context handling once; a no-op on another jsonld.js version. */
export function installJsonLdSpeed(): boolean {
  if (jsonLdSpeedInstalled()) return true;
  if (jsonldPackage.version !== JSONLD_VERSION_CHECKED) return false;
  const api = jsonldContext as { getInitialContext(options: { processingMode?: string }): ActiveContext };
  if (typeof api.getInitialContext !== 'function' || typeof proto.getProcessed !== 'function' || typeof proto.setProcessed !== 'function') return false;
  if (typeof resolverProto.resolve !== 'function' || typeof resolverProto._get !== 'function' || typeof resolverProto._cacheResolvedContext !== 'function') return false;
  // Every active context descends from one of the cached initial contexts (one per processing
  // mode) and copies its `clone` and `revertToPreviousContext`.
  for (const processingMode of [undefined, 'json-ld-1.1', 'json-ld-1.0']) {
    const initial = api.getInitialContext({ processingMode });
    initial.clone = shareClone;
    initial.revertToPreviousContext = shareRevert;
  }
  const { getProcessed, setProcessed } = proto;
  proto.getProcessed = function (activeCtx) {
    return getProcessed.call(this, cacheKey(activeCtx) as ActiveContext);
  };
  proto.setProcessed = function (activeCtx, processed) {
    setProcessed.call(this, cacheKey(activeCtx) as ActiveContext, processed);
  };
  installScopedContextKeys();
  proto[INSTALLED] = true;
  return true;
}

installJsonLdSpeed();
