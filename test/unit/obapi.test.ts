// Pure rules of the OB 3.0 API and its OAuth 2.0: paging links, allowed addresses, scopes, Imsx errors.
import { describe, expect, it } from 'vitest';
import { codeMinorOf, imsxStatus, pagingLinks } from '../../src/obapi/obapi';
import { isAllowedUri, parseScopes, scopeName, SCOPES } from '../../src/oauth/oauth';

describe('OB 3.0 API rules', () => {
  it('builds the Link header: first and last always, next while more follow, prev after the first page', () => {
    const url = 'https://blason.example/ims/ob/v3p0/credentials';
    expect(pagingLinks(url, { limit: 10, offset: 0, total: 25 })).toBe(
      `<${url}?limit=10&offset=10>; rel="next", <${url}?limit=10&offset=0>; rel="first", <${url}?limit=10&offset=20>; rel="last"`,
    );
    expect(pagingLinks(url, { limit: 10, offset: 20, total: 25 })).toBe(`<${url}?limit=10&offset=0>; rel="first", <${url}?limit=10&offset=20>; rel="last", <${url}?limit=10&offset=10>; rel="prev"`);
    expect(pagingLinks(url, { limit: 10, offset: 0, total: 0 })).toBe(`<${url}?limit=10&offset=0>; rel="first", <${url}?limit=10&offset=0>; rel="last"`);
    expect(pagingLinks(url, { limit: 10, offset: 50, total: 25, since: '2026-01-01T00:00:00Z' })).toContain('offset=20&since=2026-01-01T00%3A00%3A00Z>; rel="prev"');
  });

  it('accepts https addresses, and plain http on this machine only', () => {
    expect(isAllowedUri('https://horizon.example/cb')).toBe(true);
    expect(isAllowedUri('http://localhost:8080/cb')).toBe(true);
    expect(isAllowedUri('http://127.0.0.1:9/cb')).toBe(true);
    expect(isAllowedUri('http://horizon.example/cb')).toBe(false);
    expect(isAllowedUri('https://user:pw@horizon.example/cb')).toBe(false);
    expect(isAllowedUri('javascript:alert(1)')).toBe(false);
    expect(isAllowedUri('pas une adresse')).toBe(false);
  });

  it('reads scopes and names them; says errors the Imsx way', () => {
    expect(parseScopes(` ${SCOPES.credentialReadonly}  offline_access ${SCOPES.credentialReadonly}`)).toEqual([SCOPES.credentialReadonly, 'offline_access']);
    expect(scopeName(SCOPES.profileUpdate)).toBe('profile.update');
    expect(codeMinorOf(401)).toBe('unauthorizedrequest');
    expect(codeMinorOf(503)).toBe('internal_server_error');
    expect(imsxStatus('not_found', 'Nothing')).toEqual({
      imsx_codeMajor: 'failure',
      imsx_severity: 'error',
      imsx_description: 'Nothing',
      imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: 'not_found' }] },
    });
  });
});
