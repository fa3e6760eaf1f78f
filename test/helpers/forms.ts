// A browser-like client over app.inject: keeps cookies across calls, remembers the CSRF token of
// the last page it read, and posts urlencoded forms with it.
//
//   const agent = formAgent(p.app);
//   await agent.get('/signup');                       // page, cookies, _csrf
//   const res = await agent.post('/signup', { email: 'a@b.c', … });
//   await agent.follow(res);                          // GET the redirect's Location
//   await agent.submit('/account', '/account/tokens', { name: 'ci' }); // GET a page, POST a form
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export type Response = LightMyRequestResponse;

export interface FormAgent {
  /** GET a page (or anything); keeps the cookies it sets and the `_csrf` token it contains. */
  get(url: string, headers?: Record<string, string>): Promise<Response>;
  /**
   * POST urlencoded fields with the cookies and the latest `_csrf` token (a GET of `url` first
   * when no page was read yet). Pass `_csrf` yourself to override; `{ csrf: false }` sends none.
   */
  post(url: string, fields?: Record<string, string | string[]>, options?: { csrf?: boolean; headers?: Record<string, string> }): Promise<Response>;
  /** GET `page`, then POST `fields` to `action` (defaults to the page itself). */
  submit(page: string, action: string, fields?: Record<string, string | string[]>): Promise<Response>;
  /** GET the Location of a redirect. */
  follow(res: Response): Promise<Response>;
  /** JSON request with the cookies (and the CSRF token in `x-csrf-token` for unsafe methods). */
  json(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<Response>;
  /** The current cookies by name (values as the server set them, signed ones included). */
  readonly cookies: Map<string, string>;
  /** The CSRF token of the last page read, if any. */
  readonly csrf: string | undefined;
  /** Headers sent with every request (accept-language, user-agent…). */
  readonly headers: Record<string, string>;
}

const CSRF_FIELD = /name="_csrf"\s+value="([^"]*)"/;

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function formAgent(
  app: FastifyInstance,
  defaults: { headers?: Record<string, string>; /** The client's IP address (rate limits count per address). */ remoteAddress?: string } = {},
): FormAgent {
  const cookies = new Map<string, string>();
  const headers: Record<string, string> = { ...defaults.headers };
  let csrf: string | undefined;
  const from = defaults.remoteAddress ? { remoteAddress: defaults.remoteAddress } : {};

  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');

  function remember(res: Response): Response {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge !== undefined ? c.maxAge <= 0 : c.expires !== undefined && c.expires.getTime() <= Date.now();
      if (expired || c.value === '') cookies.delete(c.name);
      else cookies.set(c.name, c.value);
    }
    const type = String(res.headers['content-type'] ?? '');
    if (type.startsWith('text/html')) {
      const match = CSRF_FIELD.exec(res.body);
      if (match?.[1]) csrf = decodeEntities(match[1]);
    }
    return res;
  }

  function requestHeaders(extra?: Record<string, string>): Record<string, string> {
    const all: Record<string, string> = { ...headers, ...extra };
    const cookie = cookieHeader();
    if (cookie) all.cookie = cookie;
    return all;
  }

  const agent: FormAgent = {
    cookies,
    headers,
    get csrf() {
      return csrf;
    },
    async get(url, extra) {
      return remember(await app.inject({ method: 'GET', url, headers: requestHeaders(extra), ...from }));
    },
    async post(url, fields = {}, options = {}) {
      const send = options.csrf !== false && fields._csrf === undefined;
      if (send && csrf === undefined) await agent.get(url);
      const params = new URLSearchParams();
      if (send && csrf !== undefined) params.append('_csrf', csrf);
      for (const [name, value] of Object.entries(fields))
        for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
      return remember(
        await app.inject({
          method: 'POST',
          url,
          headers: requestHeaders({ 'content-type': 'application/x-www-form-urlencoded', ...options.headers }),
          payload: params.toString(),
          ...from,
        }),
      );
    },
    async submit(page, action, fields) {
      await agent.get(page);
      return agent.post(action, fields);
    },
    async follow(res) {
      const location = res.headers.location;
      if (typeof location !== 'string') throw new Error(`Not a redirect: ${res.statusCode}`);
      return agent.get(location);
    },
    async json(method, url, body) {
      const extra: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) extra['content-type'] = 'application/json';
      if (method !== 'GET' && csrf !== undefined) extra['x-csrf-token'] = csrf;
      return remember(
        await app.inject({
          method,
          url,
          headers: requestHeaders(extra),
          ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
          ...from,
        }),
      );
    },
  };
  return agent;
}

/** A multipart/form-data body, as a browser sends it. */
export function multipart(parts: Array<{ name: string; filename?: string; type?: string; data: Buffer | string }>) {
  const boundary = `----blason${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`),
      Buffer.from(part.data),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A form's fields (repeated values as arrays) and files in one field, as multipart/form-data. */
export function formWithFiles(fields: Record<string, string | string[]>, files: { name: string; type: string; bytes: Buffer }[] = [], fileField = 'files') {
  return multipart([
    ...Object.entries(fields).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((data) => ({ name, data }))),
    ...files.map((file) => ({ name: fileField, filename: file.name, type: file.type, data: file.bytes })),
  ]);
}
