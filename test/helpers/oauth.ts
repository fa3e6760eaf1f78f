// An outside client of the Open Badges 3.0 API, written as another host would: discovery, dynamic
// registration, PKCE, the token endpoint with client_secret_basic, bearer calls, refresh, revocation.
// It speaks HTTP through `send` — app.inject in integration tests, fetch against a live server in
// browser journeys.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { FormAgent } from './forms';

export const SCOPE = {
  read: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
  upsert: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert',
  profile: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly',
  profileUpdate: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update',
} as const;
export const ALL_SCOPES = Object.values(SCOPE).join(' ');

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json(): any;
}

export type Send = (method: string, url: string, options?: { headers?: Record<string, string>; body?: string }) => Promise<HttpAnswer>;

/** Requests through Fastify's inject (path-only URLs are fine; full URLs are reduced to their path). */
export function injectSend(app: FastifyInstance): Send {
  return async (method, url, options = {}) => {
    const u = new URL(url, 'http://localhost');
    const res = await app.inject({ method: method as 'GET', url: u.pathname + u.search, headers: options.headers ?? {}, ...(options.body !== undefined ? { payload: options.body } : {}) });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = String(v);
    return { status: res.statusCode, headers, text: res.body, json: () => JSON.parse(res.body) };
  };
}

/** Requests over the network (a live server). */
export function fetchSend(): Send {
  return async (method, url, options = {}) => {
    const res = await fetch(url, { method, headers: options.headers ?? {}, body: options.body ?? null, redirect: 'manual' });
    const text = await res.text();
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k] = v;
    });
    return { status: res.status, headers, text, json: () => JSON.parse(text) };
  };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function registration(redirectUri: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    client_name: 'Portfolio Horizon',
    client_uri: 'https://horizon.example/',
    logo_uri: 'https://horizon.example/logo.png',
    tos_uri: 'https://horizon.example/terms',
    policy_uri: 'https://horizon.example/privacy',
    software_id: 'c88b6ed8-269e-448e-99be-7e2ff47167d1',
    software_version: '2.4.0',
    redirect_uris: [redirectUri],
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: `${ALL_SCOPES} offline_access`,
    ...overrides,
  };
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
  scope: string;
}

export class OutsideClient {
  clientId = '';
  clientSecret = '';
  discovery: any;

  constructor(
    readonly send: Send,
    readonly baseUrl: string,
    readonly redirectUri: string,
  ) {}

  get oauth(): { registrationUrl: string; authorizationUrl: string; tokenUrl: string } {
    const scheme = this.discovery.components.securitySchemes.OAuth2ACG;
    return { registrationUrl: scheme['x-imssf-registrationUrl'], authorizationUrl: scheme.flows.authorizationCode.authorizationUrl, tokenUrl: scheme.flows.authorizationCode.tokenUrl };
  }

  /** Reads the service description, then registers (RFC 7591). */
  async register(overrides: Record<string, unknown> = {}): Promise<HttpAnswer> {
    this.discovery = (await this.send('GET', `${this.baseUrl}/ims/ob/v3p0/discovery`)).json();
    const res = await this.send('POST', this.oauth.registrationUrl, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(registration(this.redirectUri, overrides)) });
    if (res.status === 201) {
      this.clientId = res.json().client_id;
      this.clientSecret = res.json().client_secret;
    }
    return res;
  }

  authorizeUrl(params: { scope?: string; state?: string; challenge?: string | null; method?: string | null; redirectUri?: string } = {}): string {
    const url = new URL(this.oauth.authorizationUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.clientId);
    url.searchParams.set('redirect_uri', params.redirectUri ?? this.redirectUri);
    url.searchParams.set('scope', params.scope ?? ALL_SCOPES);
    url.searchParams.set('state', params.state ?? 'etat-42');
    if (params.challenge !== null && params.challenge !== undefined) url.searchParams.set('code_challenge', params.challenge);
    if (params.method !== null) url.searchParams.set('code_challenge_method', params.method ?? 'S256');
    return url.toString();
  }

  basic(secret = this.clientSecret): string {
    return `Basic ${Buffer.from(`${encodeURIComponent(this.clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  }

  async token(fields: Record<string, string>, auth: string | null = this.basic()): Promise<HttpAnswer> {
    return this.send('POST', this.oauth.tokenUrl, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(auth ? { authorization: auth } : {}) },
      body: new URLSearchParams(fields).toString(),
    });
  }

  async exchange(code: string, verifier: string | undefined, redirectUri = this.redirectUri): Promise<HttpAnswer> {
    return this.token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...(verifier !== undefined ? { code_verifier: verifier } : {}) });
  }

  async refresh(refreshToken: string): Promise<HttpAnswer> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  async revoke(token: string, hint?: string): Promise<HttpAnswer> {
    return this.send('POST', `${this.baseUrl}/ims/ob/v3p0/revoke`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: this.basic() },
      body: new URLSearchParams({ token, ...(hint ? { token_type_hint: hint } : {}) }).toString(),
    });
  }

  async api(accessToken: string, method: string, path: string, body?: { type: string; content: string }): Promise<HttpAnswer> {
    return this.send(method, `${this.baseUrl}/ims/ob/v3p0${path}`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', ...(body ? { 'content-type': body.type } : {}) },
      ...(body ? { body: body.content } : {}),
    });
  }
}

export const pathOf = (url: string): string => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/** The person consents on the page: GET the authorization URL signed in, then Allow (or Deny); where the browser is sent. */
export async function consent(agent: FormAgent, url: string, decision: 'allow' | 'deny' = 'allow'): Promise<URL> {
  const page = await agent.get(pathOf(url));
  expect(page.statusCode, page.body).toBe(200);
  const fields = Object.fromEntries(new URL(url).searchParams);
  const res = await agent.post('/oauth/authorize', { ...fields, decision });
  expect(res.statusCode, res.body).toBe(303);
  return new URL(res.headers.location as string);
}

/** A registered client and an access token for the person behind `agent`, with these scopes. */
export async function authorizedClient(app: FastifyInstance, baseUrl: string, agent: FormAgent, scope = ALL_SCOPES): Promise<{ client: OutsideClient; tokens: Tokens }> {
  const client = new OutsideClient(injectSend(app), baseUrl, 'https://horizon.example/callback');
  expect((await client.register()).status).toBe(201);
  const { verifier, challenge } = pkcePair();
  const code = (await consent(agent, client.authorizeUrl({ challenge, scope }))).searchParams.get('code')!;
  const res = await client.exchange(code, verifier);
  expect(res.status, res.text).toBe(200);
  return { client, tokens: res.json() };
}
