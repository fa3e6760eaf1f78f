// `npm start`: the web application, with the job worker in the same process unless WORKER_IN_PROCESS=false.
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { DataDirLockedError } from './db/lock';
import { scheduleRecurringJobs } from './jobs/handlers';
import { startWorker } from './jobs/worker';
import { openPlatform } from './platform/runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await openPlatform(config);
  await scheduleRecurringJobs(platform.deps);
  const { deps } = platform;
  const worker = config.workerInProcess
    ? startWorker(deps, platform.handlers, { concurrency: config.workerConcurrency, pollMs: config.workerPollMs })
    : null;
  const app = await buildApp(deps, worker ? { afterWrite: worker.poke } : {});
  await app.listen({ port: config.port, host: config.host });
  deps.log.info(
    { url: config.baseUrl, engine: platform.database.engine, smtp: platform.mail.kind },
    `Blason is ready at ${config.baseUrl}`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info({ signal }, 'shutting down: finishing requests and the running jobs');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    await app.close();
    await worker?.stop();
    await platform.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
