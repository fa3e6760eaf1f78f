// Evidence files: served only to the applicant, the application's examiners and the issuer's staff
// (anyone else, signed out or guessing URLs, gets 404), always as a download that the browser may
// not sniff, render inline or cache for others.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../platform/deps';
import { getEvidenceFile } from './access.service';

export function registerEvidenceFileRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { id: string; fileId: string } }>('/applications/:id/files/:fileId', async (request, reply) => {
    const file = await getEvidenceFile(deps, request.actor, request.params.id, request.params.fileId);
    const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return reply
      .header('content-type', file.mediaType)
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .send(file.content);
  });
}
