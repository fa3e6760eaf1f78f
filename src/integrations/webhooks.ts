// Delivering webhooks: the `webhooks.deliver` job signs the stored event (Standard Webhooks headers)
// and POSTs it with a timeout to a public https address (the verifier's rule about private
// addresses), records the attempt, and throws on a non-2xx answer or a timeout so that the job
// queue retries it with its backoff; the last attempt marks the delivery failed.
import net from 'node:net';
import { decryptPrivateKey } from '../credentials';
import { PermanentJobError } from '../jobs/jobs';
import type { JobHandler } from '../jobs/worker';
import type { Deps } from '../platform/deps';
import { isPrivateAddress, isPrivateAddressRefusal, publicFetch, resolveWithDns } from '../platform/public-network';
import { WEBHOOK_MAX_ATTEMPTS, WEBHOOK_TIMEOUT_MS, allowsLocalHttp, webhookHeaders, webhookUrlProblem } from './integrations';
import { findDeliveryToSend, recordAttempt } from './integrations.repository';

/** The private key encryption of webhook secrets is bound to their endpoint. */
export function secretAssociatedData(endpointPublicId: string): string {
  return `blason-webhook-secret:${endpointPublicId}`;
}

export type PostOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string; permanent?: boolean };

export interface WebhookPoster {
  /** `allowLocalHttp`: http://localhost and 127.0.0.1 may be called (tests, development). */
  post(url: string, body: string, headers: Record<string, string>, options: { allowLocalHttp: boolean }): Promise<PostOutcome>;
}

/**
 * POSTs to a webhook: no redirects, a timeout, the answer's body ignored, private addresses refused
 * — before the request and again when connecting (see platform/public-network.ts).
 */
export function createWebhookPoster(
  options: { fetch?: typeof globalThis.fetch; lookup?: (host: string) => Promise<string[]>; timeoutMs?: number } = {},
): WebhookPoster {
  const lookup = options.lookup ?? resolveWithDns;
  const guarded = { loopback: publicFetch({ resolve: lookup, allowLoopback: true }), publicOnly: publicFetch({ resolve: lookup }) };
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return {
    async post(url, body, headers, { allowLocalHttp }) {
      const problem = webhookUrlProblem(url, { allowLocalHttp, isPrivateAddress });
      if (problem) return { ok: false, status: null, error: `refused: ${url}`, permanent: true };
      const parsed = new URL(url);
      const host = parsed.hostname.replace(/^\[|\]$/g, '');
      const local = allowLocalHttp && ['localhost', '127.0.0.1', '::1'].includes(host);
      if (!local) {
        let addresses: string[];
        try {
          addresses = net.isIP(host) ? [host] : await lookup(host);
        } catch (error) {
          return { ok: false, status: null, error: `${host}: ${error instanceof Error ? error.message : String(error)}` };
        }
        if (addresses.length === 0 || addresses.some(isPrivateAddress)) return { ok: false, status: null, error: `${host} is not a public address`, permanent: true };
      }
      const signal = AbortSignal.timeout(timeoutMs);
      const fetchImpl = options.fetch ?? (allowLocalHttp ? guarded.loopback : guarded.publicOnly);
      try {
        const response = await fetchImpl(url, { method: 'POST', body, headers, redirect: 'manual', signal });
        await response.body?.cancel().catch(() => undefined);
        if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
        return { ok: false, status: response.status, error: `answered ${response.status}` };
      } catch (error) {
        if (signal.aborted) return { ok: false, status: null, error: `no answer within ${timeoutMs} ms` };
        if (isPrivateAddressRefusal(error)) return { ok: false, status: null, error: `${host} is not a public address`, permanent: true };
        return { ok: false, status: null, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

/** The `webhooks.deliver` job: one attempt at one delivery. */
export function deliverJobHandler(poster: WebhookPoster = createWebhookPoster()): JobHandler {
  return async (deps: Deps, payload, job) => {
    const id = (payload as { delivery?: unknown } | null)?.delivery;
    if (typeof id !== 'string' || !/^\d+$/.test(id)) throw new PermanentJobError('Malformed payload: delivery');
    const delivery = await findDeliveryToSend(deps.db, id);
    // Gone, sent already, or its endpoint was removed or paused meanwhile: nothing to do.
    if (!delivery || delivery.status === 'delivered' || delivery.status === 'failed' || !delivery.active || delivery.paused_at !== null) return;
    const secret = decryptPrivateKey(delivery.encrypted_secret, deps.keyEncryptionKey, secretAssociatedData(delivery.endpoint_public_id));
    const body = JSON.stringify(delivery.payload);
    const now = deps.clock.now();
    const outcome = await poster.post(delivery.url, body, webhookHeaders(secret, delivery.event_id, now, body), { allowLocalHttp: allowsLocalHttp(deps.config.baseUrl) });
    if (outcome.ok) {
      await recordAttempt(deps.db, id, { status: 'delivered', statusCode: outcome.status, error: null, now });
      return;
    }
    const last = outcome.permanent === true || job.attempts >= WEBHOOK_MAX_ATTEMPTS;
    await recordAttempt(deps.db, id, { status: last ? 'failed' : 'retrying', statusCode: outcome.status, error: outcome.error.slice(0, 500), now });
    // The delivery's record says it failed; the job ends quietly rather than filling the failed jobs.
    if (last) return;
    throw new Error(`Webhook ${delivery.url} ${outcome.error}`);
  };
}
