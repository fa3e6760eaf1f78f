// Integrations, the pure part: the Standard Webhooks signature, scopes, which URLs a webhook may
// call, what /credentials/issue accepts, its issuer, and the VC API verification answer.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors';
import {
  ORG_TOKEN_PREFIX,
  allowsLocalHttp,
  hasScope,
  isOrgToken,
  newOrgTokenSecret,
  newWebhookSecret,
  requireScope,
  tokenInputSchema,
  webhookHeaders,
  webhookSignature,
  webhookUrlProblem,
} from '../../src/integrations/integrations';
import { credentialProblems, isVcApiPath, vcApiVerification, withIssuer } from '../../src/integrations/vcapi';
import { isPrivateAddress } from '../../src/verify/fetcher';

describe('webhook signature (Standard Webhooks)', () => {
  // The secret's key is the base64 after whsec_; the signed content is "id.timestamp.body".
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const body = '{"test": 2432232314}';

  it('is v1, and the base64 HMAC-SHA256 of id.timestamp.body keyed with the decoded secret', () => {
    const key = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
    expect(webhookSignature(secret, id, timestamp, body)).toBe(`v1,${expected}`);
    // The value published with the Standard Webhooks specification for this example.
    expect(webhookSignature(secret, id, timestamp, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('changes with every part of the message', () => {
    const base = webhookSignature(secret, id, timestamp, body);
    expect(webhookSignature(secret, `${id}x`, timestamp, body)).not.toBe(base);
    expect(webhookSignature(secret, id, timestamp + 1, body)).not.toBe(base);
    expect(webhookSignature(secret, id, timestamp, `${body} `)).not.toBe(base);
    expect(webhookSignature(newWebhookSecret(), id, timestamp, body)).not.toBe(base);
  });

  it('makes the three headers, the timestamp in seconds', () => {
    const headers = webhookHeaders(secret, id, new Date(timestamp * 1000 + 999), body);
    expect(headers).toMatchObject({ 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'content-type': 'application/json' });
    expect(headers['webhook-signature']).toBe(webhookSignature(secret, id, timestamp, body));
  });

  it('makes secrets of 32 random bytes after whsec_', () => {
    const made = newWebhookSecret();
    expect(made.startsWith('whsec_')).toBe(true);
    expect(Buffer.from(made.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(made);
  });
});

describe('organisation tokens and scopes', () => {
  it('are recognised by their prefix, unlike personal tokens', () => {
    const token = newOrgTokenSecret();
    expect(token.startsWith(ORG_TOKEN_PREFIX)).toBe(true);
    expect(isOrgToken(token)).toBe(true);
    expect(isOrgToken('blason_abcdef')).toBe(false);
  });

  it('allow what their scopes say, and nothing else', () => {
    const principal = { tokenId: 't', organizationId: '1', organizationSlug: 'cfa', scopes: ['credentials:read'] as const };
    expect(hasScope(principal, 'credentials:read')).toBe(true);
    expect(hasScope(principal, 'credentials:issue')).toBe(false);
    expect(() => requireScope(principal, 'credentials:issue')).toThrow(AppError);
    expect(requireScope(principal, 'credentials:read')).toBe(principal);
  });

  it('need a name and at least one known scope (one ticked box arrives as a string)', () => {
    expect(tokenInputSchema.parse({ name: ' LMS ', scopes: 'credentials:issue' })).toEqual({ name: 'LMS', scopes: ['credentials:issue'] });
    expect(tokenInputSchema.safeParse({ name: 'LMS', scopes: [] }).success).toBe(false);
    expect(tokenInputSchema.safeParse({ name: 'LMS', scopes: ['badges:write'] }).success).toBe(false);
    expect(tokenInputSchema.safeParse({ name: '', scopes: ['credentials:read'] }).success).toBe(false);
  });
});

describe('webhook URLs', () => {
  const rule = (url: string, allowLocalHttp = false) => webhookUrlProblem(url, { allowLocalHttp, isPrivateAddress });

  it('are https, public, without credentials', () => {
    expect(rule('https://lms.example.org/hooks/blason')).toBeNull();
    expect(rule('http://lms.example.org/hooks')).toBe('integrations.webhooks.url.https');
    expect(rule('ftp://lms.example.org/')).toBe('integrations.webhooks.url.https');
    expect(rule('https://user:pw@lms.example.org/')).toBe('integrations.webhooks.url.invalid');
    expect(rule('not a url')).toBe('integrations.webhooks.url.invalid');
    expect(rule('https://10.0.0.4/hook')).toBe('integrations.webhooks.url.private');
    expect(rule('https://[::1]/hook')).toBe('integrations.webhooks.url.private');
    expect(rule('https://169.254.169.254/latest')).toBe('integrations.webhooks.url.private');
  });

  it('may be http://localhost or 127.0.0.1 outside production only', () => {
    expect(rule('http://127.0.0.1:4000/hook')).toBe('integrations.webhooks.url.https');
    expect(rule('https://localhost/hook')).toBe('integrations.webhooks.url.private');
    expect(rule('http://127.0.0.1:4000/hook', true)).toBeNull();
    expect(rule('http://localhost:4000/hook', true)).toBeNull();
    expect(rule('http://192.168.1.2/hook', true)).toBe('integrations.webhooks.url.https');
  });

  it('allow local http in tests and development, or on a localhost instance, never in production', () => {
    expect(allowsLocalHttp('https://badges.example.org', { NODE_ENV: 'test' })).toBe(true);
    expect(allowsLocalHttp('https://badges.example.org', { NODE_ENV: 'development' })).toBe(true);
    expect(allowsLocalHttp('https://badges.example.org', {})).toBe(false);
    expect(allowsLocalHttp('http://localhost:3000', {})).toBe(true);
    expect(allowsLocalHttp('http://localhost:3000', { NODE_ENV: 'production' })).toBe(false);
  });
});

describe('VC API', () => {
  const V2 = 'https://www.w3.org/ns/credentials/v2';
  const good = { '@context': [V2], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:1' } };

  it('knows its two paths exactly', () => {
    expect(isVcApiPath('/credentials/issue')).toBe(true);
    expect(isVcApiPath('/credentials/verify?x=1')).toBe(true);
    expect(isVcApiPath('/credentials/issuexyz')).toBe(false);
    expect(isVcApiPath('/api/v1/credentials/issue')).toBe(false);
  });

  it('accepts a VC 2.0 credential and names what is wrong field by field', () => {
    expect(credentialProblems(good)).toEqual({});
    expect(Object.keys(credentialProblems({ ...good, type: 'VerifiableCredential', validFrom: '2025-13-01' }))).toEqual(['credential.type', 'credential.validFrom']);
    expect(credentialProblems(null)).toEqual({ credential: { key: 'vcapi.credential.required' } });
    expect(credentialProblems({ ...good, validFrom: '2025-01-01T00:00:00Z' })).toEqual({});
  });

  it('sets the issuer to the organisation, or refuses another one', () => {
    const org = { id: 'did:web:badges.example.org:organizations:cfa', name: 'CFA', url: 'https://cfa.example' };
    expect(withIssuer(good, org)?.issuer).toBe(org.id);
    expect(withIssuer({ ...good, type: ['VerifiableCredential', 'OpenBadgeCredential'] }, org)?.issuer).toEqual({ id: org.id, type: ['Profile'], name: 'CFA', url: 'https://cfa.example' });
    expect(withIssuer({ ...good, issuer: { name: 'Nous' } }, org)?.issuer).toEqual({ id: org.id, name: 'Nous' });
    expect(withIssuer({ ...good, issuer: org.id }, org)).not.toBeNull();
    expect(withIssuer({ ...good, issuer: 'did:example:other' }, org)).toBeNull();
    expect(withIssuer({ ...good, issuer: { id: 'did:example:other' } }, org)).toBeNull();
  });

  it('answers verified when the proof and every check that applies passed; Open Badges checks are warnings for a plain VC', () => {
    const check = (id: string, passed: boolean, codes: string[] = []) => ({ id, passed, skipped: false, message: id, problems: codes.map((code) => ({ code, message: code })) });
    const plainVc = { valid: false, warnings: [], checks: [check('schema', false, ['schema.credential_type']), check('subject', false, ['schema.required']), check('proof', true), check('status', true), check('validity', true)] };
    expect(vcApiVerification(plainVc, false)).toMatchObject({ verified: true, checks: ['proof', 'status', 'validity'], errors: [] });
    expect(vcApiVerification(plainVc, false).warnings.map((w) => w.code)).toEqual(['schema.credential_type', 'schema.required']);
    expect(vcApiVerification(plainVc, true)).toMatchObject({ verified: false, errors: [{ code: 'schema.credential_type', check: 'schema' }, { code: 'schema.required', check: 'subject' }] });
    const forged = { ...plainVc, checks: [check('proof', false, ['proof.signature_invalid']), check('validity', true)] };
    expect(vcApiVerification(forged, false)).toMatchObject({ verified: false, checks: ['validity'], errors: [{ code: 'proof.signature_invalid', check: 'proof' }] });
  });
});
