// Entry of a signing thread. The app runs TypeScript through tsx (`npm start`, the CLI, Vitest,
// the benchmarks); a worker thread does not inherit every loader, so it loads the TypeScript
// worker itself through tsx's API. Plain JavaScript on purpose: Node starts it as it is.
import { tsImport } from 'tsx/esm/api';

await tsImport('./sign.worker.ts', import.meta.url);
