// OAuth 2.0 use cases for the Open Badges 3.0 API. The protocol — authorization codes, PKCE (S256
// only), token exchange, refresh with rotation, bearer checks — is @node-oauth/oauth2-server's,
// run over our model (SQL in oauth.repository.ts). Registration (RFC 7591), revocation (RFC 7009)
// and the consent decision are thin use cases here.
import OAuth2Server from '@node-oauth/oauth2-server';
import { findUserById } from '../accounts/accounts.repository';
import { userRowToActor } from '../accounts/accounts';
import { requireActor } from '../api/registry';
import { AppError, fail } from '../errors';
import type { Actor, Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { publicId, randomToken, safeEqual, sha256 } from '../platform/tokens';
import {
  ACCESS_TOKEN_SECONDS,
  AUTHORIZATION_CODE_SECONDS,
  type AuthorisedApplication,
  type AuthorizationRequest,
  GRANT_TYPES,
  KNOWN_SCOPES,
  authorizationParams,
  REFRESH_TOKEN_SECONDS,
  parseScopes,
  registrationSchema,
} from './oauth';
import {
  type ClientRow,
  type TokenFound,
  deleteExpired,
  findClient,
  findCode,
  findToken,
  grantsOfClient,
  grantsOfCode,
  insertClient,
  insertCode,
  insertGrant,
  insertToken,
  listAuthorised,
  revokeGrants,
  revokeTokenRow,
  rowToClient,
  touchGrant,
  useCode,
} from './oauth.repository';

type ModelClient = OAuth2Server.Client & { id: string; dbId: string; scopes: string[]; redirectUris: string[] };
type ModelUser = { id: string; grantId?: string; codeId?: string };

function toModelClient(row: ClientRow): ModelClient {
  return { id: row.client_id, dbId: row.id, grants: [...GRANT_TYPES], redirectUris: row.redirect_uris, scopes: parseScopes(row.scope) };
}

/** What the library wants to know of a token found: its scopes, its client, its person (and grant). */
function tokenHolder(found: TokenFound): { scope: string[]; client: OAuth2Server.Client; user: ModelUser } {
  return { scope: parseScopes(found.scope), client: { id: found.clientId, grants: [] }, user: { id: found.userId, grantId: found.grantId } };
}

/** The library's model over our tables. Every secret is looked up by its sha256. */
function oauthModel(deps: Deps): OAuth2Server.AuthorizationCodeModel & OAuth2Server.RefreshTokenModel {
  const { db } = deps;
  const now = () => deps.clock.now();
  return {
    async getClient(clientId, clientSecret) {
      const row = await findClient(db, clientId);
      if (!row) return false;
      // The authorization endpoint asks without a secret; the token endpoint always with one (see clientCredentials).
      if (clientSecret !== null && !safeEqual(sha256(String(clientSecret)), row.secret_hash)) return false;
      return toModelClient(row);
    },
    async validateRedirectUri(redirectUri, client) {
      return (client as ModelClient).redirectUris.includes(redirectUri);
    },
    async validateScope(_user, client, scope) {
      const allowed = (client as ModelClient).scopes;
      if (!scope || scope.length === 0 || !scope.every((s) => allowed.includes(s) && KNOWN_SCOPES.includes(s))) return false;
      return scope;
    },
    async saveAuthorizationCode(code, client, user) {
      // PKCE is mandatory, with S256 only.
      if (!code.codeChallenge || code.codeChallengeMethod !== 'S256') throw new OAuth2Server.InvalidRequestError('Invalid request: PKCE with code_challenge_method S256 is required');
      await deleteExpired(db, now());
      await insertCode(
        db,
        {
          client_id: (client as ModelClient).dbId,
          user_id: (user as ModelUser).id,
          redirect_uri: code.redirectUri,
          scope: (code.scope ?? []).join(' '),
          code_challenge: code.codeChallenge,
          code_challenge_method: code.codeChallengeMethod,
          expires_at: code.expiresAt,
          created_at: now(),
        },
        code.authorizationCode,
      );
      return { ...code, client, user };
    },
    async getAuthorizationCode(authorizationCode) {
      const row = await findCode(db, authorizationCode);
      if (!row) return false;
      if (row.used_at) {
        // A code used twice: what its first use gave is revoked too (RFC 6749 §4.1.2).
        await revokeGrants(db, await grantsOfCode(db, row.id), now());
        return false;
      }
      return {
        authorizationCode,
        expiresAt: row.expires_at,
        redirectUri: row.redirect_uri,
        scope: parseScopes(row.scope),
        client: { id: row.public_client_id, grants: [] },
        user: { id: row.user_id, codeId: row.id } satisfies ModelUser,
        codeChallenge: row.code_challenge,
        codeChallengeMethod: row.code_challenge_method,
        codeId: row.id,
      };
    },
    async revokeAuthorizationCode(code) {
      return useCode(db, String(code.codeId), now());
    },
    async saveToken(token, client, user) {
      const u = user as ModelUser;
      const at = now();
      const scope = (token.scope ?? []).join(' ');
      const grantId = u.grantId ?? (await insertGrant(db, { client_id: (client as ModelClient).dbId, user_id: u.id, code_id: u.codeId ?? null, scope, created_at: at }));
      await insertToken(db, { grant_id: grantId, kind: 'access', scope, expires_at: token.accessTokenExpiresAt!, created_at: at }, token.accessToken);
      if (token.refreshToken) await insertToken(db, { grant_id: grantId, kind: 'refresh', scope, expires_at: token.refreshTokenExpiresAt!, created_at: at }, token.refreshToken);
      return { ...token, client, user: { id: u.id, grantId } };
    },
    async getAccessToken(accessToken) {
      const found = await findToken(db, accessToken, 'access');
      if (!found || found.revokedAt || found.grantRevokedAt) return false;
      return { accessToken, accessTokenExpiresAt: found.expiresAt, ...tokenHolder(found) };
    },
    async verifyScope(token, scope) {
      return scope.every((s) => token.scope?.includes(s));
    },
    async getRefreshToken(refreshToken) {
      const found = await findToken(db, refreshToken, 'refresh');
      if (!found || found.grantRevokedAt) return false;
      if (found.revokedAt) {
        // A rotated refresh token used again: someone else has it; the whole family goes.
        await revokeGrants(db, [found.grantId], now());
        return false;
      }
      return { refreshToken, refreshTokenExpiresAt: found.expiresAt, ...tokenHolder(found), tokenId: found.id };
    },
    async revokeToken(token) {
      return revokeTokenRow(db, String(token.tokenId), now());
    },
  };
}

function server(deps: Deps): OAuth2Server {
  return new OAuth2Server({
    model: oauthModel(deps),
    accessTokenLifetime: ACCESS_TOKEN_SECONDS,
    refreshTokenLifetime: REFRESH_TOKEN_SECONDS,
    authorizationCodeLifetime: AUTHORIZATION_CODE_SECONDS,
    allowEmptyState: false,
    allowBearerTokensInQueryString: false,
  });
}

/** What an HTTP request gives the protocol handlers. */
export interface ProtocolRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  body: unknown;
}

/** An answer the route sends as is: status, headers, JSON body. */
export interface ProtocolAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

function libraryRequest(r: ProtocolRequest): OAuth2Server.Request {
  return new OAuth2Server.Request({
    method: r.method,
    headers: r.headers as Record<string, string>,
    query: r.query as Record<string, string>,
    body: (r.body && typeof r.body === 'object' ? r.body : {}) as Record<string, string>,
  });
}

function answerOf(response: OAuth2Server.Response): ProtocolAnswer {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers ?? {})) if (typeof v === 'string') headers[k] = v;
  return { status: response.status ?? 200, headers, body: (response.body ?? {}) as Record<string, unknown> };
}

function oauthError(status: number, error: string, description: string): ProtocolAnswer {
  return { status, headers: { 'cache-control': 'no-store' }, body: { error, error_description: description } };
}

/** client_secret_basic: the client's id and secret from the Basic header (RFC 6749 §2.3.1). */
export function basicCredentials(header: string | string[] | undefined): { clientId: string; clientSecret: string } | undefined {
  if (typeof header !== 'string' || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

const CLIENT_UNAUTHENTICATED: ProtocolAnswer = {
  status: 401,
  headers: { 'www-authenticate': 'Basic realm="oauth"', 'cache-control': 'no-store' },
  body: { error: 'invalid_client', error_description: 'Client authentication (client_secret_basic) is required' },
};

/** Dynamic client registration (RFC 7591): 201 with the credentials, or 400 with the RFC's error. */
export async function registerClient(deps: Deps, input: unknown): Promise<ProtocolAnswer> {
  let data;
  try {
    data = parseInput(registrationSchema, input);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const fields = Object.keys(error.fields);
    const code = fields.some((f) => f.startsWith('redirect_uris')) ? 'invalid_redirect_uri' : 'invalid_client_metadata';
    return oauthError(400, code, `Invalid or missing: ${fields.join(', ')}`);
  }
  const clientId = publicId();
  const secret = randomToken();
  const now = deps.clock.now();
  const contacts = data.contacts ?? [];
  const scope = parseScopes(data.scope).join(' ');
  const { client_uri, logo_uri, tos_uri, policy_uri, software_id, software_version, redirect_uris } = data;
  const metadata = { client_uri, logo_uri, tos_uri, policy_uri, software_id, software_version, redirect_uris };
  await insertClient(deps.db, { client_id: clientId, secret_hash: sha256(secret), name: data.client_name, ...metadata, contacts, scope, created_at: now });
  return {
    status: 201,
    headers: { 'cache-control': 'no-store' },
    body: {
      client_id: clientId,
      client_secret: secret,
      client_id_issued_at: Math.floor(now.getTime() / 1000),
      client_secret_expires_at: 0,
      client_name: data.client_name,
      ...metadata,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: [...GRANT_TYPES],
      response_types: ['code'],
      scope,
      ...(contacts.length ? { contacts } : {}),
    },
  };
}

/** How an authorization request ends before consent: an error page (no trusted address to go back to) or a redirect with the error. */
export type AuthorizationCheck =
  | { kind: 'consent'; request: AuthorizationRequest }
  | { kind: 'page'; messageKey: 'oauth.authorize.unknownClient' | 'oauth.authorize.badRedirect' }
  | { kind: 'redirect'; location: string };

function errorRedirect(redirectUri: string, error: string, description: string, state: string | undefined): string {
  const url = new URL(redirectUri);
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', description);
  if (state) url.searchParams.set('state', state);
  return url.toString();
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Checks an authorization request (the query of GET /oauth/authorize, the fields of its form) as RFC 6749 §4.1.2.1 says. */
export async function checkAuthorization(deps: Deps, params: Record<string, unknown>): Promise<AuthorizationCheck> {
  const clientId = str(params.client_id);
  const row = clientId ? await findClient(deps.db, clientId) : undefined;
  if (!row) return { kind: 'page', messageKey: 'oauth.authorize.unknownClient' };
  const client = rowToClient(row);
  const asked = str(params.redirect_uri);
  const redirectUri = asked ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) return { kind: 'page', messageKey: 'oauth.authorize.badRedirect' };
  const state = str(params.state);
  const refuse = (error: string, description: string): AuthorizationCheck => ({ kind: 'redirect', location: errorRedirect(redirectUri, error, description, state) });
  if (params.response_type !== 'code') return refuse('unsupported_response_type', 'response_type must be code');
  if (!state) return refuse('invalid_request', 'state is required');
  const scopes = parseScopes(str(params.scope));
  if (scopes.length === 0 || !scopes.every((s) => client.scopes.includes(s))) return refuse('invalid_scope', 'The scopes asked for are not those this client registered');
  const challenge = str(params.code_challenge);
  if (!challenge || !/^[A-Za-z0-9._~-]{43,128}$/.test(challenge)) return refuse('invalid_request', 'PKCE is required: code_challenge');
  if (params.code_challenge_method !== 'S256') return refuse('invalid_request', 'PKCE is required with code_challenge_method S256');
  return { kind: 'consent', request: { client, redirectUri, scopes, state, codeChallenge: challenge, codeChallengeMethod: 'S256' } };
}

/** The person's answer on the consent page: the address to send their browser to (with a code, or access_denied). */
export async function decideAuthorization(deps: Deps, actor: Actor | null, request: AuthorizationRequest, allow: boolean): Promise<string> {
  const me = requireActor(actor);
  const response = new OAuth2Server.Response();
  const body = { ...authorizationParams(request), ...(allow ? {} : { allowed: 'false' }) };
  try {
    await server(deps).authorize(libraryRequest({ method: 'POST', headers: {}, query: {}, body }), response, {
      authenticateHandler: { handle: async () => ({ id: me.id }) satisfies ModelUser },
    });
  } catch (error) {
    if (!(error instanceof OAuth2Server.OAuthError) || !response.headers?.location) throw error;
  }
  const location = response.headers?.location;
  if (!location) throw fail.validation({});
  return location;
}

/** The token endpoint: authorization_code (with the PKCE verifier) and refresh_token, the client authenticated with client_secret_basic. */
export async function exchangeToken(deps: Deps, request: ProtocolRequest): Promise<ProtocolAnswer> {
  const credentials = basicCredentials(request.headers.authorization);
  if (!credentials) return CLIENT_UNAUTHENTICATED;
  const response = new OAuth2Server.Response();
  try {
    await server(deps).token(libraryRequest(request), response);
  } catch (error) {
    if (!(error instanceof OAuth2Server.OAuthError)) throw error;
    const answer = answerOf(response);
    return { ...answer, status: error.code, headers: { ...answer.headers, 'cache-control': 'no-store' }, body: { error: error.name, error_description: error.message } };
  }
  return answerOf(response);
}

/** Token revocation (RFC 7009): 200 whether or not the token was known; a refresh token takes its whole family with it. */
export async function revokeToken(deps: Deps, request: ProtocolRequest): Promise<ProtocolAnswer> {
  const credentials = basicCredentials(request.headers.authorization);
  const client = credentials && (await oauthModel(deps).getClient(credentials.clientId, credentials.clientSecret));
  if (!client) return CLIENT_UNAUTHENTICATED;
  const body = (request.body ?? {}) as Record<string, unknown>;
  const token = str(body.token);
  if (!token) return oauthError(400, 'invalid_request', 'Missing parameter: token');
  const found = await findToken(deps.db, token);
  // A token of another client is left alone, and the answer says nothing about it.
  if (found && found.clientId === client.id) {
    const now = deps.clock.now();
    if (found.kind === 'refresh') await revokeGrants(deps.db, [found.grantId], now);
    else await revokeTokenRow(deps.db, found.id, now);
  }
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: {} };
}

/** The person an access token acts for, when it is valid and carries the scope; the library's error otherwise. */
export async function authenticateBearer(deps: Deps, request: ProtocolRequest, scope: string): Promise<{ actor: Actor; scopes: string[] }> {
  const response = new OAuth2Server.Response();
  const token = await server(deps).authenticate(libraryRequest(request), response, { scope: [scope] });
  const user = token.user as ModelUser;
  const row = await findUserById(deps.db, user.id);
  if (!row) throw new OAuth2Server.InvalidTokenError('Invalid token: its person is gone');
  if (user.grantId) await touchGrant(deps.db, user.grantId, deps.clock.now());
  return { actor: userRowToActor(row), scopes: token.scope ?? [] };
}

export { OAuth2Server };

/** The applications the signed-in person authorised (and did not revoke). */
export async function listAuthorisedApplications(deps: Deps, actor: Actor | null): Promise<AuthorisedApplication[]> {
  const me = requireActor(actor);
  return listAuthorised(deps.db, me.id);
}

/** Withdraws the person's consent to a client: its grants and every token they gave stop working. */
export async function revokeApplication(deps: Deps, actor: Actor | null, clientId: string): Promise<void> {
  const me = requireActor(actor);
  const grants = await grantsOfClient(deps.db, me.id, clientId);
  if (grants.length === 0) throw fail.notFound('oauth.applications.notFound');
  await revokeGrants(deps.db, grants, deps.clock.now());
}
