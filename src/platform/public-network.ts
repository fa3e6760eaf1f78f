// Outbound requests to addresses someone else chose (other issuers' documents, credentials given by
// URL, webhooks): public addresses only. Checking the name's addresses before the request is not
// enough — the name can resolve to a public address for the check and to a private one for the
// connection a moment later (DNS rebinding). So the connection itself resolves through a guarded
// lookup that refuses private addresses, and connects to the addresses it checked.
import dns from 'node:dns';
import net from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';

/** Private, loopback, link-local, shared and reserved ranges: never reached from a public service. */
const PRIVATE = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3],
] as const) PRIVATE.addSubnet(address, prefix, 'ipv4');
// IPv6: unspecified, loopback and IPv4-compatible (::/96), NAT64 (64:ff9b::/96, 64:ff9b:1::/48) and
// 6to4 (2002::/16), which carry an IPv4 address a gateway may route inward; unique local,
// link-local, multicast.
for (const [address, prefix] of [
  ['::', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) PRIVATE.addSubnet(address, prefix, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Resolves a host name to its addresses. */
export type Resolve = (host: string) => Promise<string[]>;

export const resolveWithDns: Resolve = async (host) => (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** The host names that may reach the loopback when allowed (tests, development). */
export const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS';
  constructor(readonly host: string) {
    super(`${host} is not a public address`);
    this.name = 'PrivateAddressError';
  }
}

type LookupCallback = (error: Error | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls connections: resolves with `resolve`, refuses the connection when any
 * address is private (unless the name is a loopback name and `allowLoopback`), and hands over the
 * addresses it checked.
 */
export function guardedLookup(resolve: Resolve, allowLoopback: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
        const loopbackAllowed = allowLoopback && LOOPBACK_NAMES.has(hostname);
        if (!loopbackAllowed && addresses.some(isPrivateAddress)) return callback(new PrivateAddressError(hostname), []);
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => net.isIP(a) === options.family) : addresses;
        const list = (wanted.length > 0 ? wanted : addresses).map((address) => ({ address, family: net.isIP(address) }));
        if (options.all) callback(null, list);
        else callback(null, list[0]!.address, list[0]!.family);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), []),
    );
  };
}

export interface PublicFetchOptions {
  resolve?: Resolve;
  /** Let the loopback names reach the loopback (tests, development). */
  allowLoopback?: boolean;
}

/** `fetch` whose connections only reach public addresses (checked when connecting). */
export function publicFetch(options: PublicFetchOptions = {}): typeof globalThis.fetch {
  const dispatcher = new Agent({ connect: { lookup: guardedLookup(options.resolve ?? resolveWithDns, options.allowLoopback === true) } });
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher })) as unknown as typeof globalThis.fetch;
}

/** The cause chain of a fetch error says the connection was refused for a private address. */
export function isPrivateAddressRefusal(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof PrivateAddressError || (current as { code?: unknown }).code === 'EPRIVATEADDRESS') return true;
  }
  return false;
}
