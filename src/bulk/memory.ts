// Full collections of the main thread's heap during long bulk work, at most every `everyMs`.
// V8 lets the main heap grow to ~140 MB of garbage between its own major collections while a
// batch is read or issued (rows parsed, credentials planned, stringified and stored slice after
// slice); collecting it now and then keeps the process's peak RSS down (measured: issuing 100,000
// rows on PostgreSQL with 2 threads peaked at 436 MB without, ~320 MB once settled; on PGlite the
// preview of 100,000 rows grew the heap by ~60 MB of garbage).
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (() => void) | undefined;

/** A function that collects the heap when at least `everyMs` passed since it last did (never when gc is unavailable). */
export function garbageCollector(everyMs: number): () => void {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (!gc || now - last < everyMs) return;
    last = now;
    gc();
  };
}

/** Lets the event loop run (timers, connections) between slices of long work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
