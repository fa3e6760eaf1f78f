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
//    context is processed on), on X itself, so the processed context is reused.
// Measured on a Blason-shaped award, one core: vc.issue 157/s → 651/s. Equivalence is tested on
// the 1EdTech corpus, the spec's test vector, Blason's own credentials and documents built to
// exercise type- and property-scoped contexts (test/unit/jsonld-speed.test.ts, against an
// unpatched jsonld.js in a worker thread); the W3C JSON-LD 1.1 expand, compact and toRdf suites
// gave the same results with and without it (see the issue note). It applies to jsonld 9.0.0
// only: another version leaves the library untouched (and that test fails, to have it re-checked).
import jsonldContext from 'jsonld/lib/context.js';
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

/** The same copy as jsonld.js's `_cloneActiveContext`, without deep-copying what is never changed. */
function shareClone(this: ActiveContext): ActiveContext {
  const child = {
    mappings: new Map(this.mappings),
    clone: this.clone,
    inverse: null,
    getInverse: this.getInverse,
    protected: { ...this.protected },
    revertToPreviousContext: this.revertToPreviousContext,
  } as ActiveContext;
  if (this.previousContext) child.previousContext = this.previousContext;
  if ('@base' in this) child['@base'] = this['@base'];
  if ('@language' in this) child['@language'] = this['@language'];
  if ('@vocab' in this) child['@vocab'] = this['@vocab'];
  child[COPY_OF] = this;
  return child;
}

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
  proto[INSTALLED] = true;
  return true;
}

installJsonLdSpeed();
