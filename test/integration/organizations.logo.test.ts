import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, bearer, createTestUser, signedInAgent } from '../helpers/users';

const MAX_UPLOAD = 20_000;

interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: Buffer | string;
}

/** A multipart/form-data body, as a browser sends it. */
function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----blason${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const logoPart = (data: Buffer | string, filename = 'logo.png', type = 'image/png'): Part => ({ name: 'logo', filename, type, data });

describe('organisation logos', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let reviewer: TestUser;
  let stranger: TestUser;
  const slug = 'cfa-du-bessin';

  const upload = (user: TestUser, parts: Part[]) => {
    const body = multipart(parts);
    return p.app.inject({ method: 'PUT', url: `/api/v1/organizations/${slug}/logo`, headers: bearer(user, body.headers), payload: body.payload });
  };
  const storedLogo = async () =>
    (await p.deps.db.selectFrom('organizations').select(['logo', 'updated_at']).where('slug', '=', slug).executeTakeFirstOrThrow()).logo;

  beforeAll(async () => {
    p = await testPlatform({ env: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD) } });
    owner = await createTestUser(p, { email: 'owner@bessin.example' });
    reviewer = await createTestUser(p, { email: 'reviewer@bessin.example' });
    stranger = await createTestUser(p, { email: 'stranger@else.example' });
    const created = await p.app.inject({ method: 'POST', url: '/api/v1/organizations', headers: bearer(owner), payload: { name: 'CFA du Bessin' } });
    expect(created.json().slug).toBe(slug);
    await p.deps.db
      .insertInto('memberships')
      .values({ organization_id: (await p.deps.db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id, user_id: reviewer.id, roles: ['reviewer'] })
      .execute();
  });
  afterAll(async () => {
    await p.close();
  });

  it('has no logo at first', async () => {
    expect((await p.app.inject({ url: `/organizations/${slug}/logo.png` })).statusCode).toBe(404);
  });

  it('accepts a PNG through the API and serves it as a PNG with caching headers', async () => {
    const png = await sharp({ create: { width: 64, height: 32, channels: 4, background: '#1b3a8a' } }).png().toBuffer();
    const res = await upload(owner, [logoPart(png)]);
    expect(res.statusCode).toBe(200);
    expect(res.json().logoUrl).toBe(`http://localhost:3000/organizations/${slug}/logo.png`);
    const served = await p.app.inject({ url: `/organizations/${slug}/logo.png` });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toMatch(/public, max-age=\d+/);
    const meta = await sharp(served.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 64, 32]);
    const again = await p.app.inject({ url: `/organizations/${slug}/logo.png`, headers: { 'if-none-match': String(served.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('re-encodes a JPEG (whatever its file name) as a PNG within 512×512', async () => {
    const jpeg = await sharp({ create: { width: 1000, height: 600, channels: 3, background: '#b3261e' } }).jpeg({ quality: 40 }).toBuffer();
    expect(jpeg.length).toBeLessThan(MAX_UPLOAD);
    const res = await upload(owner, [{ name: 'other', data: 'ignored' }, logoPart(jpeg, 'photo.gif', 'image/gif')]);
    expect(res.statusCode).toBe(200);
    const meta = await sharp(await storedLogo() ?? Buffer.alloc(0)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 307]);
  });

  it('refuses a text file named .png, a too big file, a missing file; nothing changes', async () => {
    const before = Buffer.from((await storedLogo()) ?? []);
    const text = await upload(owner, [logoPart('this is only text, honest')]);
    expect(text.statusCode).toBe(400);
    expect(text.json().error.fields).toEqual({ logo: 'Le fichier doit être une image PNG, JPEG ou WebP.' });
    const noise = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
    expect(noise.length).toBeGreaterThan(MAX_UPLOAD);
    const big = await upload(owner, [logoPart(noise)]);
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'payload_too_large', fields: { logo: 'L’image dépasse 19 Ko.' } });
    const missing = await upload(owner, [{ name: 'name', data: 'no file here' }]);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields).toEqual({ logo: 'Choisissez une image.' });
    const json = await p.app.inject({ method: 'PUT', url: `/api/v1/organizations/${slug}/logo`, headers: bearer(owner), payload: { logo: 'x' } });
    expect(json.statusCode).toBe(400);
    expect(Buffer.from((await storedLogo()) ?? []).equals(before)).toBe(true);
  });

  it('refuses a reviewer and a stranger (403), and anyone signed out (401)', async () => {
    const before = Buffer.from((await storedLogo()) ?? []);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000000' } }).png().toBuffer();
    expect((await upload(reviewer, [logoPart(png)])).statusCode).toBe(403);
    expect((await upload(stranger, [logoPart(png)])).statusCode).toBe(403);
    const body = multipart([logoPart(png)]);
    const anonymous = await p.app.inject({ method: 'PUT', url: `/api/v1/organizations/${slug}/logo`, headers: body.headers, payload: body.payload });
    expect(anonymous.statusCode).toBe(401);
    expect(Buffer.from((await storedLogo()) ?? []).equals(before)).toBe(true);
  });

  describe('settings page', () => {
    async function postLogo(user: TestUser, parts: Part[], options: { csrfInQuery?: boolean } = {}) {
      const agent = signedInAgent(p, user);
      const page = await agent.get(`/organizations/${slug}/settings`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('enctype="multipart/form-data"');
      const body = multipart([{ name: '_csrf', data: agent.csrf ?? '' }, ...parts]);
      const query = options.csrfInQuery === false ? '' : `?_csrf=${encodeURIComponent(agent.csrf ?? '')}`;
      const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      return p.app.inject({ method: 'POST', url: `/organizations/${slug}/logo${query}`, headers: { ...body.headers, cookie }, payload: body.payload });
    }

    it('uploads a WebP logo from the settings form', async () => {
      const webp = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#1e6b35' } }).webp().toBuffer();
      const res = await postLogo(owner, [logoPart(webp, 'logo.webp', 'image/webp')]);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/organizations/${slug}/settings`);
      const meta = await sharp((await storedLogo()) ?? Buffer.alloc(0)).metadata();
      expect([meta.format, meta.width]).toEqual(['png', 100]);
      const show = await p.app.inject({ url: `/organizations/${slug}` });
      expect(show.body).toContain(`/organizations/${slug}/logo.png?v=`);
    });

    it('shows a bad or too big file as an error next to the field, changing nothing', async () => {
      const before = Buffer.from((await storedLogo()) ?? []);
      const bad = await postLogo(owner, [logoPart('%PDF-1.4 not an image', 'logo.png')]);
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('class="field-error" id="f-logo-error"');
      expect(bad.body).toContain('Le fichier doit être une image PNG, JPEG ou WebP.');
      const big = await postLogo(owner, [logoPart(randomBytes(MAX_UPLOAD + 10))]);
      expect(big.statusCode).toBe(413);
      expect(big.body).toContain('L’image dépasse 19 Ko.');
      expect(Buffer.from((await storedLogo()) ?? []).equals(before)).toBe(true);
    });

    it('needs the CSRF token in the query string', async () => {
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000000' } }).png().toBuffer();
      expect((await postLogo(owner, [logoPart(png)], { csrfInQuery: false })).statusCode).toBe(403);
    });

    it('refuses the settings page to a reviewer', async () => {
      const res = await signedInAgent(p, reviewer).get(`/organizations/${slug}/settings`);
      expect(res.statusCode).toBe(403);
    });
  });
});
