// The Service Description Document of the Open Badges 3.0 API (spec §6.3, §7.1.1.1): an OpenAPI 3.0
// document naming the registration, authorization, token and refresh URLs and the scopes.
import { OB_SCOPES, SCOPES } from '../oauth/oauth';
import { OB_API_PATH } from './obapi';

export const OAUTH_PATHS = {
  register: `${OB_API_PATH}/register`,
  token: `${OB_API_PATH}/token`,
  revoke: `${OB_API_PATH}/revoke`,
  authorize: '/oauth/authorize',
  policy: '/oauth/policy',
  logo: '/oauth/logo.svg',
} as const;

const SCOPE_DESCRIPTIONS: Record<string, string> = {
  [SCOPES.credentialReadonly]: 'Permission to read OpenBadgeCredentials for the authenticated entity.',
  [SCOPES.credentialUpsert]: 'Permission to create or update OpenBadgeCredentials for the authenticated entity.',
  [SCOPES.profileReadonly]: 'Permission to read the profile for the authenticated entity.',
  [SCOPES.profileUpdate]: 'Permission to update the profile for the authenticated entity.',
};

const imsx = { $ref: '#/components/schemas/Imsx_StatusInfo' };
const errors = (...codes: number[]) =>
  Object.fromEntries([...codes.map(String), 'default'].map((c) => [c, { description: c === 'default' ? 'The request was invalid or cannot be served.' : `Error ${c}`, content: { 'application/json': { schema: imsx } } }]));
const security = (scope: string) => [{ OAuth2ACG: [scope] }];

export function serviceDescription(baseUrl: string, version: string): Record<string, unknown> {
  const url = (path: string) => `${baseUrl}${path}`;
  return {
    openapi: '3.0.1',
    info: {
      title: 'Blason — Open Badges API',
      description: 'The Open Badges 3.0 API of this Blason instance: a person’s credentials and profile, with their consent (OAuth 2.0 authorization code with PKCE).',
      version,
      termsOfService: url(`${OAUTH_PATHS.policy}#terms`),
      'x-imssf-privacyPolicyUrl': url(`${OAUTH_PATHS.policy}#privacy`),
      'x-imssf-image': url(OAUTH_PATHS.logo),
    },
    servers: [{ url: url(OB_API_PATH), description: 'Blason' }],
    tags: [{ name: 'OpenBadgeCredentials' }, { name: 'Profile' }, { name: 'Discovery' }],
    paths: {
      '/credentials': {
        get: {
          tags: ['OpenBadgeCredentials'],
          summary: 'The credentials the person shares: badges awarded to them that they did not make private, and those they brought into their backpack',
          operationId: 'getCredentials',
          parameters: [
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } },
            { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } },
            { name: 'since', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
          ],
          responses: {
            200: {
              description: 'One page; X-Total-Count and Link (first, last, next, prev) headers',
              headers: { 'X-Total-Count': { schema: { type: 'integer' } }, Link: { schema: { type: 'string' } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/GetOpenBadgeCredentialsResponse' } } },
            },
            ...errors(400, 401, 403, 500),
          },
          security: security(SCOPES.credentialReadonly),
        },
        post: {
          tags: ['OpenBadgeCredentials'],
          summary: 'Put a credential held elsewhere into the person’s backpack, verified on the way in (200 replaced, 201 created)',
          operationId: 'upsertCredential',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/AchievementCredential' } },
              'application/vc+ld+json': { schema: { $ref: '#/components/schemas/AchievementCredential' } },
              'text/plain': { schema: { $ref: '#/components/schemas/CompactJws' } },
            },
          },
          responses: {
            200: { description: 'Replaced', content: { 'application/json': { schema: { $ref: '#/components/schemas/AchievementCredential' } }, 'text/plain': { schema: { $ref: '#/components/schemas/CompactJws' } } } },
            201: { description: 'Created', content: { 'application/json': { schema: { $ref: '#/components/schemas/AchievementCredential' } }, 'text/plain': { schema: { $ref: '#/components/schemas/CompactJws' } } } },
            ...errors(400, 401, 403, 415, 500),
          },
          security: security(SCOPES.credentialUpsert),
        },
      },
      '/profile': {
        get: {
          tags: ['Profile'],
          summary: 'The person’s profile',
          operationId: 'getProfile',
          responses: { 200: { description: 'The profile', content: { 'application/json': { schema: { $ref: '#/components/schemas/Profile' } } } }, ...errors(401, 403, 404, 500) },
          security: security(SCOPES.profileReadonly),
        },
        put: {
          tags: ['Profile'],
          summary: 'Update the person’s profile (its name and description are kept)',
          operationId: 'putProfile',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Profile' } } } },
          responses: { 200: { description: 'The profile', content: { 'application/json': { schema: { $ref: '#/components/schemas/Profile' } } } }, ...errors(400, 401, 403, 500) },
          security: security(SCOPES.profileUpdate),
        },
      },
      '/discovery': {
        get: {
          tags: ['Discovery'],
          summary: 'This document',
          operationId: 'getServiceDescription',
          responses: { 200: { description: 'The service description document', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors(500) },
          security: [],
        },
      },
    },
    components: {
      securitySchemes: {
        OAuth2ACG: {
          type: 'oauth2',
          description: 'OAuth 2.0 Authorization Code Grant authorization (PKCE with S256 required; client_secret_basic)',
          'x-imssf-name': 'Blason',
          'x-imssf-privacyPolicyUrl': url(`${OAUTH_PATHS.policy}#privacy`),
          'x-imssf-registrationUrl': url(OAUTH_PATHS.register),
          'x-imssf-termsOfServiceUrl': url(`${OAUTH_PATHS.policy}#terms`),
          flows: {
            authorizationCode: {
              authorizationUrl: url(OAUTH_PATHS.authorize),
              tokenUrl: url(OAUTH_PATHS.token),
              refreshUrl: url(OAUTH_PATHS.token),
              scopes: Object.fromEntries(OB_SCOPES.map((s) => [s, SCOPE_DESCRIPTIONS[s]])),
            },
          },
        },
      },
      schemas: {
        Imsx_StatusInfo: {
          type: 'object',
          required: ['imsx_codeMajor', 'imsx_severity'],
          properties: {
            imsx_codeMajor: { type: 'string', enum: ['failure', 'processing', 'success', 'unsupported'] },
            imsx_severity: { type: 'string', enum: ['error', 'status', 'warning'] },
            imsx_description: { type: 'string' },
            imsx_codeMinor: {
              type: 'object',
              properties: {
                imsx_codeMinorField: {
                  type: 'array',
                  items: { type: 'object', properties: { imsx_codeMinorFieldName: { type: 'string' }, imsx_codeMinorFieldValue: { type: 'string' } } },
                },
              },
            },
          },
        },
        GetOpenBadgeCredentialsResponse: {
          type: 'object',
          properties: {
            credential: { type: 'array', items: { $ref: '#/components/schemas/AchievementCredential' } },
            compactJwsStrings: { type: 'array', items: { $ref: '#/components/schemas/CompactJws' } },
          },
        },
        AchievementCredential: { type: 'object', description: 'An OpenBadgeCredential (https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential)', required: ['@context', 'type', 'id', 'issuer', 'credentialSubject'] },
        CompactJws: { type: 'string', pattern: '^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]+$' },
        Profile: { type: 'object', description: 'An OB 3.0 Profile (https://www.imsglobal.org/spec/ob/v3p0/#profile)', required: ['id', 'type'] },
      },
    },
  };
}
