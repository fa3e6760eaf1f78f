// OAuth 2.0 for the Open Badges 3.0 API: the scopes, what a client registers (RFC 7591, with the
// fields the OB 3.0 spec requires), lifetimes, and the pure rules about addresses and scopes.
import { z } from 'zod';

export const OB_SCOPE_BASE = 'https://purl.imsglobal.org/spec/ob/v3p0/scope/';
export const SCOPES = {
  credentialReadonly: `${OB_SCOPE_BASE}credential.readonly`,
  credentialUpsert: `${OB_SCOPE_BASE}credential.upsert`,
  profileReadonly: `${OB_SCOPE_BASE}profile.readonly`,
  profileUpdate: `${OB_SCOPE_BASE}profile.update`,
} as const;
/** Asked for by OB 3.0 clients to get refresh tokens; accepted (refresh tokens are always given) and shown on the consent page. */
export const OFFLINE_ACCESS = 'offline_access';

export type ObScope = (typeof SCOPES)[keyof typeof SCOPES];
export const OB_SCOPES: readonly ObScope[] = Object.values(SCOPES);
export const KNOWN_SCOPES: readonly string[] = [...OB_SCOPES, OFFLINE_ACCESS];

/** The short name of a scope (credential.readonly…), for message keys. */
export function scopeName(scope: string): string {
  return scope.startsWith(OB_SCOPE_BASE) ? scope.slice(OB_SCOPE_BASE.length) : scope;
}

export const AUTHORIZATION_CODE_SECONDS = 120;
export const ACCESS_TOKEN_SECONDS = 3600;
export const REFRESH_TOKEN_SECONDS = 90 * 86_400;
export const GRANT_TYPES = ['authorization_code', 'refresh_token'] as const;

export function parseScopes(value: string | undefined | null): string[] {
  return [...new Set((value ?? '').split(' ').filter(Boolean))];
}

/** https anywhere; plain http only on this machine (a client in development). */
export function isAllowedUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

const uri = z.string().trim().max(2000).refine(isAllowedUri, 'oauth.register.uri');
const redirectUri = uri.refine((v) => !v.includes('#'), 'oauth.register.uri');

/** A registration request (RFC 7591), with the fields OB 3.0 requires and the choices we support. */
export const registrationSchema = z.object({
  client_name: z.string().trim().min(1).max(200),
  client_uri: uri,
  logo_uri: uri,
  tos_uri: uri,
  policy_uri: uri,
  software_id: z.string().trim().min(1).max(200),
  software_version: z.string().trim().min(1).max(100),
  redirect_uris: z.array(redirectUri).min(1).max(10),
  scope: z
    .string()
    .max(2000)
    .refine((v) => parseScopes(v).length > 0 && parseScopes(v).every((s) => KNOWN_SCOPES.includes(s)), 'oauth.register.scope'),
  grant_types: z
    .array(z.enum(GRANT_TYPES))
    .refine((v) => v.includes('authorization_code'), 'oauth.register.grantTypes')
    .optional(),
  response_types: z.array(z.literal('code')).min(1).optional(),
  token_endpoint_auth_method: z.literal('client_secret_basic').optional(),
  contacts: z.array(z.string().max(300)).max(10).optional(),
});
export type Registration = z.infer<typeof registrationSchema>;

/** A registered client as the consent page and the account show it. */
export interface OauthClient {
  /** The public client_id. */
  clientId: string;
  name: string;
  clientUri: string;
  logoUri: string;
  tosUri: string;
  policyUri: string;
  redirectUris: string[];
  scopes: string[];
}

/** A client a person authorised (their grants to it, put together). */
export interface AuthorisedApplication {
  client: OauthClient;
  scopes: string[];
  authorisedAt: Date;
  lastUsedAt: Date | null;
}

/** What a valid authorization request asks for, once checked (the consent page shows it). */
export interface AuthorizationRequest {
  client: OauthClient;
  redirectUri: string;
  scopes: string[];
  state: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

/** The parameters of an authorization request, as the consent form carries them back. */
export function authorizationParams(request: AuthorizationRequest): Record<string, string> {
  return {
    client_id: request.client.clientId,
    redirect_uri: request.redirectUri,
    response_type: 'code',
    scope: request.scopes.join(' '),
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: request.codeChallengeMethod,
  };
}
