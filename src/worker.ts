// `npm run worker`: a job worker on its own (PostgreSQL; several may run at once).
import { ConfigError, loadConfig } from './config';
import { DataDirLockedError } from './db/lock';
import { scheduleRecurringJobs } from './jobs/handlers';
import { startWorker } from './jobs/worker';
import { openPlatform } from './platform/runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await openPlatform(config);
  await scheduleRecurringJobs(platform.deps);
  const worker = startWorker(platform.deps, platform.handlers, {
    concurrency: config.workerConcurrency,
    pollMs: config.workerPollMs,
  });
  const shutdown = async () => {
    await worker.stop();
    await platform.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
