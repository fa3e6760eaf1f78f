// POST /api/v1/verify: anyone (no account) verifies a credential given as JSON, as a compact JWT
// (text/plain), as a baked PNG or SVG (multipart, field `file`), or by URL ({"url": "…"}).
// Unusable input is still a 200 answer (`valid: false`, the first check says why); a body over the
// size limit is a 413.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import { CHECK_ORDER, isRecord } from '../credentials';
import { AppError, fail } from '../errors';
import { OB2_CHECK_ORDER } from './ob2';
import { presentReport } from './present';
import { FILE_FIELD, readVerifyForm } from './upload';
import type { VerifyInput } from './verify';
import { verifyBadge } from './verify.service';

const problemSchema = z.object({
  code: z.string().describe('Stable problem code (schema.required, proof.signature_invalid, status.revoked…)'),
  message: z.string().describe('The problem in the language of the request (fr, en)'),
  path: z.string().optional().describe('Where in the credential'),
  detail: z.string().optional().describe('A technical detail (an URL that could not be resolved…), untranslated'),
});

const summarySchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  issuer: z.object({ id: z.string().optional(), name: z.string().optional() }),
  achievement: z.object({ id: z.string().optional(), name: z.string().optional(), achievementType: z.string().optional() }),
  validFrom: z.string().optional(),
  validUntil: z.string().optional(),
  awardedDate: z.string().optional(),
  image: z.string().optional().describe("The badge's image (an OB 2.0 BadgeClass image URL)"),
  recipient: z.object({
    id: z.string().optional(),
    identifiers: z.array(z.object({ identityType: z.string(), hashed: z.boolean() })).describe('Never the salt nor the hash'),
  }),
  endorsements: z.object({
    count: z.number().int(),
    valid: z.number().int(),
    items: z.array(
      z.object({
        issuer: z.object({ id: z.string().optional(), name: z.string().optional() }),
        comment: z.string().optional(),
        valid: z.boolean(),
        source: z.enum(['credential', 'badge', 'earner']).describe('Embedded in the credential, published with its badge, or shown with it by its earner (open recognition); the last two checked on this platform'),
      }),
    ),
  }),
});

export const verifyResponseSchema = z.object({
  valid: z.boolean().describe('True when every check passed'),
  verdict: z.enum(['valid', 'revoked', 'suspended', 'expired', 'not_yet_valid', 'not_authentic', 'invalid', 'unusable']),
  message: z.string().describe('The verdict in one sentence'),
  format: z.enum(['json', 'jwt', 'png', 'svg']).optional(),
  version: z.literal('2.0').optional().describe('2.0 for an Open Badges 2.0 assertion (absent for Open Badges 3.0)'),
  source: z.object({ url: z.string() }).optional(),
  checks: z
    .array(
      z.object({
        id: z.enum([...CHECK_ORDER, ...OB2_CHECK_ORDER] as string[] as [string, ...string[]]),
        label: z.string(),
        passed: z.boolean(),
        skipped: z.boolean().describe('The input could not be read, so this check did not run'),
        message: z.string(),
        code: z.string().optional().describe("The first problem's code, when the check failed"),
        problems: z.array(problemSchema),
      }),
    )
    .describe(
      'In the order of the specification: schema, subject, proof, status, validity, endorsements (OB 3.0); assertion, hosted or signature, badge, policy, recipient, revocation, expiry (OB 2.0)',
    ),
  warnings: z.array(problemSchema),
  credential: summarySchema.optional().describe('What the credential says, for display; absent when it could not be read'),
  signer: z.object({ verificationMethod: z.string(), controller: z.string().optional() }).optional(),
});

export const verifyBody = z
  .union([z.record(z.string(), z.unknown()), z.string()])
  .describe('An OB 3.0 credential (JSON-LD object) or OB 2.0 Assertion, a compact VC-JWT or signed OB 2.0 assertion (JWS) as a JSON string, or {"url": "https://…"}');

const verifyQuery = z.object({
  recipient: z.string().max(320).optional().describe('The expected holder: an e-mail address or an id (DID, URL)'),
});

/** What the request carries, as a verifier input. */
export async function apiInput(request: FastifyRequest, body: unknown, maxBytes: number): Promise<VerifyInput> {
  if (request.isMultipart()) {
    const form = await readVerifyForm(request, maxBytes);
    if (form.tooLarge) throw new AppError('payload_too_large', 'errors.payloadTooLarge');
    if (form.file) return { kind: 'bytes', bytes: form.file };
    if (form.fields.text?.trim()) return { kind: 'text', text: form.fields.text };
    if (form.fields.url?.trim()) return { kind: 'url', url: form.fields.url };
    throw fail.field(FILE_FIELD, 'verify.file.required');
  }
  if (typeof body === 'string') return { kind: 'text', text: body };
  if (isRecord(body)) {
    if (typeof body.url === 'string' && body['@context'] === undefined && body.type === undefined) return { kind: 'url', url: body.url };
    if (Object.keys(body).length === 0) return { kind: 'text', text: '' };
    return { kind: 'object', value: body };
  }
  return { kind: 'text', text: '' };
}

export const verifyApiRoutes: ApiRoute[] = [
  apiRoute({
    method: 'POST',
    path: '/verify',
    summary: 'Verify an Open Badges 3.0 credential or Open Badges 2.0 assertion (no account needed): JSON, JWT/JWS, baked PNG/SVG or URL',
    tag: 'verify',
    auth: 'none',
    body: verifyBody,
    query: verifyQuery,
    rawBody: [
      { contentType: 'application/ld+json', description: 'The credential itself (JSON-LD)' },
      { contentType: 'text/plain', description: 'A compact VC-JWT (header.payload.signature), or JSON text' },
      { contentType: 'multipart/form-data', description: 'A baked PNG or SVG image, or a JSON/JWT file, in the file field `file`' },
    ],
    responses: {
      200: { description: 'The verification: valid or not, and why, check by check', schema: verifyResponseSchema },
      413: { description: 'The body or the file is too large' },
    },
    handler: async ({ deps, request, body, query, t, locale }) => {
      const input = await apiInput(request, body, deps.config.maxUploadBytes);
      const report = await verifyBadge(deps, request.server.verifyServices, input, { recipient: query.recipient });
      return { body: presentReport(report, t, locale) };
    },
  }),
];
