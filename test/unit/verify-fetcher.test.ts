// The production outbound fetcher's rules, with a fake `fetch` and a fake DNS: https only, public
// addresses only, timeout, size limit, content types, redirects checked hop by hop, a bounded cache.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createWebhookPoster } from '../../src/integrations/webhooks';
import { acceptsContentType, createOutboundFetcher, isPrivateAddress, type OutboundFetcherOptions } from '../../src/verify/fetcher';

type Handler = (url: string, init: RequestInit) => Promise<Response> | Response;

function setup(handler: Handler, options: Partial<OutboundFetcherOptions> = {}) {
  const calls: string[] = [];
  let clock = 1_000;
  const fetcher = createOutboundFetcher({
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      calls.push(url);
      return handler(url, init ?? {});
    }) as typeof fetch,
    lookup: async (host) => (host.endsWith('.internal') ? ['10.1.2.3'] : ['93.184.215.14']),
    now: () => clock,
    ...options,
  });
  return { fetcher, calls, advance: (ms: number) => (clock += ms) };
}

const json = (body: unknown, type = 'application/json') => new Response(JSON.stringify(body), { headers: { 'content-type': type } });

describe('the outbound fetcher', () => {
  it('fetches JSON-ish documents over https', async () => {
    const { fetcher } = setup(() => json({ id: 'did:web:other.example' }, 'application/did+ld+json'));
    const outcome = await fetcher.get('https://other.example/.well-known/did.json', 'document');
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(JSON.parse(Buffer.from(outcome.body).toString())).toEqual({ id: 'did:web:other.example' });
  });

  it('refuses http, credentials in URLs and private addresses', async () => {
    const { fetcher, calls } = setup(() => json({}));
    expect(await fetcher.get('http://other.example/x', 'document')).toMatchObject({ ok: false, reason: 'refused' });
    expect(await fetcher.get('https://user:pw@other.example/x', 'document')).toMatchObject({ ok: false, reason: 'refused' });
    expect(await fetcher.get('https://127.0.0.1/x', 'document')).toMatchObject({ ok: false, reason: 'refused' });
    expect(await fetcher.get('https://[::1]/x', 'document')).toMatchObject({ ok: false, reason: 'refused' });
    expect(await fetcher.get('https://db.internal/x', 'document')).toMatchObject({ ok: false, reason: 'refused' });
    expect(await fetcher.get('not a url', 'document')).toMatchObject({ ok: false, reason: 'invalid_url' });
    expect(calls).toEqual([]);
  });

  it('allows http on the loopback only when told to (tests, development)', async () => {
    const { fetcher } = setup(() => json({ ok: 1 }), { allowLocalHttp: true });
    expect((await fetcher.get('http://127.0.0.1:4000/x', 'document')).ok).toBe(true);
    expect((await fetcher.get('http://localhost:4000/x', 'document')).ok).toBe(true);
    expect(await fetcher.get('http://other.example/x', 'document')).toMatchObject({ ok: false, reason: 'refused' });
  });

  it('accepts only JSON types for documents, and JWTs and images too for credentials', async () => {
    expect(acceptsContentType('document', 'application/ld+json; charset=utf-8')).toBe(true);
    expect(acceptsContentType('document', 'application/jwk-set+json')).toBe(true);
    expect(acceptsContentType('document', 'text/html')).toBe(false);
    expect(acceptsContentType('document', 'image/png')).toBe(false);
    expect(acceptsContentType('credential', 'image/png')).toBe(true);
    expect(acceptsContentType('credential', 'image/svg+xml')).toBe(true);
    expect(acceptsContentType('credential', 'text/plain')).toBe(true);
    expect(acceptsContentType('credential', null)).toBe(false);
    const { fetcher } = setup(() => new Response('<html>', { headers: { 'content-type': 'text/html' } }));
    expect(await fetcher.get('https://other.example/page', 'credential')).toMatchObject({ ok: false, reason: 'unsupported_type' });
  });

  it('stops at the size limit, declared or not', async () => {
    const big = 'x'.repeat(2048);
    const declared = setup(() => new Response(big, { headers: { 'content-type': 'application/json', 'content-length': '2048' } }), { maxBytes: 1024 });
    expect(await declared.fetcher.get('https://other.example/a', 'document')).toMatchObject({ ok: false, reason: 'too_large' });
    const streamed = setup(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode(big.slice(0, 512)));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
      { maxBytes: 1024 },
    );
    expect(await streamed.fetcher.get('https://other.example/b', 'document')).toMatchObject({ ok: false, reason: 'too_large' });
  });

  it('gives up after the timeout', async () => {
    const { fetcher } = setup(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
      { timeoutMs: 50 },
    );
    expect(await fetcher.get('https://slow.example/x', 'document')).toMatchObject({ ok: false, reason: 'timeout' });
  });

  it('follows redirects to https only, each hop checked, a few at most', async () => {
    const { fetcher, calls } = setup((url) => {
      if (url === 'https://a.example/1') return new Response(null, { status: 302, headers: { location: '/2' } });
      if (url === 'https://a.example/2') return new Response(null, { status: 301, headers: { location: 'https://b.example/3' } });
      if (url === 'https://b.example/3') return json({ done: true });
      if (url === 'https://a.example/down') return new Response(null, { status: 302, headers: { location: 'http://b.example/3' } });
      if (url === 'https://a.example/inside') return new Response(null, { status: 302, headers: { location: 'https://10.0.0.8/x' } });
      return new Response(null, { status: 302, headers: { location: `${url}x` } });
    });
    const outcome = await fetcher.get('https://a.example/1', 'document');
    expect(outcome).toMatchObject({ ok: true, url: 'https://b.example/3' });
    expect(calls).toEqual(['https://a.example/1', 'https://a.example/2', 'https://b.example/3']);
    expect(await fetcher.get('https://a.example/down', 'document')).toMatchObject({ ok: false, reason: 'refused' });
    expect(await fetcher.get('https://a.example/inside', 'document')).toMatchObject({ ok: false, reason: 'refused' });
    expect(await fetcher.get('https://a.example/loop', 'document')).toMatchObject({ ok: false, reason: 'unreachable' });
  });

  it('reports 404 as not found and other errors as unreachable', async () => {
    const { fetcher } = setup((url) => new Response('', { status: url.endsWith('gone') ? 410 : 503 }));
    expect(await fetcher.get('https://other.example/gone', 'document')).toMatchObject({ ok: false, reason: 'not_found' });
    expect(await fetcher.get('https://other.example/busy', 'document')).toMatchObject({ ok: false, reason: 'unreachable' });
  });

  it('caches answers for a while, in a bounded cache, but not network trouble', async () => {
    let fail = true;
    const { fetcher, calls, advance } = setup(
      (url) => {
        if (url.endsWith('flaky')) return fail ? new Response('', { status: 500 }) : json({});
        return json({ url });
      },
      { cacheTtlMs: 1000, cacheEntries: 2 },
    );
    await fetcher.get('https://a.example/1', 'document');
    await fetcher.get('https://a.example/1', 'document');
    expect(calls).toHaveLength(1);
    advance(1001);
    await fetcher.get('https://a.example/1', 'document');
    expect(calls).toHaveLength(2);
    await fetcher.get('https://a.example/2', 'document');
    await fetcher.get('https://a.example/3', 'document'); // evicts /1
    await fetcher.get('https://a.example/1', 'document');
    expect(calls).toHaveLength(5);
    await fetcher.get('https://a.example/flaky', 'document');
    fail = false;
    expect((await fetcher.get('https://a.example/flaky', 'document')).ok).toBe(true);
  });

  it('knows private and reserved addresses', () => {
    for (const address of ['10.0.0.1', '127.0.0.1', '169.254.169.254', '172.16.5.4', '192.168.1.1', '100.64.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', 'nonsense', '::10.0.0.1', '64:ff9b::a00:1', '64:ff9b:1::a00:1', '2002:a00:1::1'])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ['93.184.215.14', '2606:4700::6810:85e5', '8.8.8.8']) expect(isPrivateAddress(address), address).toBe(false);
  });
});

describe('a name that resolves to a public address for the check and a private one for the connection (DNS rebinding)', () => {
  /** A TCP server on the loopback that counts the connections it gets. */
  async function loopbackServer(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    return { port, connections: () => connections, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }
  /** Public the first time it is asked, the loopback afterwards. */
  function rebinding() {
    let calls = 0;
    return { lookup: async () => (calls++ === 0 ? ['93.184.215.14'] : ['127.0.0.1']), calls: () => calls };
  }

  it('is refused by the verifier when connecting: nothing reaches the private address', async () => {
    const server = await loopbackServer();
    const dns = rebinding();
    try {
      const fetcher = createOutboundFetcher({ lookup: dns.lookup, timeoutMs: 3000 });
      const outcome = await fetcher.get(`https://rebind.example:${server.port}/did.json`, 'document');
      expect(outcome).toMatchObject({ ok: false, reason: 'refused', detail: 'rebind.example is not a public address' });
      expect(dns.calls()).toBe(2); // checked before the request, and again when connecting
      expect(server.connections()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('is refused by the webhook poster when connecting, for good (no retry)', async () => {
    const server = await loopbackServer();
    const dns = rebinding();
    try {
      const poster = createWebhookPoster({ lookup: dns.lookup, timeoutMs: 3000 });
      const outcome = await poster.post(`https://rebind.example:${server.port}/hook`, '{}', { 'content-type': 'application/json' }, { allowLocalHttp: false });
      expect(outcome).toEqual({ ok: false, status: null, error: 'rebind.example is not a public address', permanent: true });
      expect(dns.calls()).toBe(2);
      expect(server.connections()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('still connects when every address is public or the loopback is allowed for local development', async () => {
    const server = await loopbackServer();
    try {
      // localhost allowed: the connection is made (and the server hangs up, so the fetch fails as unreachable).
      const fetcher = createOutboundFetcher({ lookup: async () => ['127.0.0.1'], allowLocalHttp: true, timeoutMs: 3000 });
      const outcome = await fetcher.get(`http://localhost:${server.port}/did.json`, 'document');
      expect(outcome).toMatchObject({ ok: false, reason: 'unreachable' });
      expect(server.connections()).toBe(1);
    } finally {
      await server.close();
    }
  });
});

