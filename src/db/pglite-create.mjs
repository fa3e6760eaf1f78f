// `node pglite-create.mjs <folder>`: creates a PGlite data folder (initdb) and exits. Run as a
// process of its own by database.ts: initdb grows PGlite's WebAssembly memory to ~750 MB, which a
// WebAssembly instance never gives back — done in the process that then serves, it stayed held
// for as long as the platform ran (a worker thread was tried: ~190 MB of it stayed). The process
// then opens the folder as it does at every later start (~140 MB).
// Plain JavaScript: it runs under node alone, without the TypeScript loader.
import { PGlite } from '@electric-sql/pglite';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: node pglite-create.mjs <data folder>');
const pglite = await PGlite.create({ dataDir });
await pglite.close();
