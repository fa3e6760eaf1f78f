// A signing thread of the bulk pool: imports the organisation's key once (from workerData), then
// builds and signs the awards it is sent exactly as the single-award path does (`buildAwardCredential`,
// `signAward`), and returns each credential as JSON text (ready to store) with its VC-JWT.
import { parentPort, workerData } from 'node:worker_threads';
import { buildAwardCredential, signAward } from '../awards/issue';
import { prepareSigningKey } from '../credentials';
import type { SignRequest, SignResponse, ThreadInit } from './sign-pool';

const port = parentPort;
if (!port) throw new Error('sign.worker must run in a worker thread');
const init = workerData as ThreadInit;
const ready = prepareSigningKey(init.key).then((key) => ({ ...init.context, key }));
// A bad key is reported in the answer to each request, not as an unhandled rejection.
ready.catch(() => undefined);

port.on('message', (request: SignRequest) => {
  void (async () => {
    let response: SignResponse;
    try {
      const ctx = await ready;
      const signed = [];
      for (const award of request.awards) {
        const { document, jwt } = await signAward(ctx, buildAwardCredential(ctx, award), request.created);
        signed.push({ json: JSON.stringify(document), jwt });
      }
      response = { id: request.id, signed };
    } catch (error) {
      response = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(response);
  })();
});
