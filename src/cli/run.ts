// Entry point of `npm run blason -- <command>`.
import { runCli } from './cli';

process.exitCode = await runCli(process.argv.slice(2));
