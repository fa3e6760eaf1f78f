// Pages of bulk awarding: the upload form, the batch page (preview, then progress), confirm and cancel.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireBadgeIssue } from '../awards/awards.service';
import { textsIn } from '../badges/badges';
import { getBadge } from '../badges/badges.service';
import { AppError } from '../errors';
import { tryForm } from '../organizations/forms';
import type { Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { redirectAfterPost, signInRedirect, view } from '../web/http';
import { sendPage, translateFields } from '../web/render';
import { cancelBatch, confirmBatch, getPreview, listBatchRows, uploadCsv } from './bulk.service';
import { BatchPage, batchPath } from './pages/batch';
import { UploadPage } from './pages/upload';
import { readCsvUpload, registerCsvBody } from './upload';

type IdParams = { Params: { id: string } };
const ISSUED_PAGE = 100;
const pageQuery = z.object({ offset: z.coerce.number().int().min(0).max(10_000_000).default(0) });

export function registerBulkRoutes(app: FastifyInstance, deps: Deps): void {
  registerCsvBody(app);

  app.get<IdParams>('/badges/:id/bulk', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const { badge } = await requireBadgeIssue(deps, request.actor, request.params.id);
    return sendPage(reply, <UploadPage v={view(request, reply)} badge={badge} />);
  });

  app.post<IdParams>('/badges/:id/bulk', async (request, reply) => {
    const { id } = request.params;
    const result = await tryForm(() => uploadCsv(deps, request.actor, id, () => readCsvUpload(request)));
    if (result instanceof AppError) {
      const { badge } = await requireBadgeIssue(deps, request.actor, id);
      const errors = translateFields(request.t, result.fields);
      const message = result.code === 'validation' || Object.keys(errors).length ? undefined : request.t(result.messageKey, result.params);
      return sendPage(reply, <UploadPage v={view(request, reply)} badge={badge} errors={errors} message={message} />, result.status);
    }
    return redirectAfterPost(reply, batchPath(result.batch.publicId), result.created ? undefined : 'bulk.flash.existing');
  });

  app.get<IdParams & { Querystring: unknown }>('/bulk/:id', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const { offset } = parseInput(pageQuery, request.query);
    const { batch, errors } = await getPreview(deps, request.actor, request.params.id);
    const badge = await getBadge(deps, request.actor, batch.badgePublicId);
    const issued =
      batch.progress.done > 0 && batch.status !== 'preview'
        ? await listBatchRows(deps, request.actor, batch.publicId, { statuses: ['issued'], limit: ISSUED_PAGE, offset })
        : { rows: [], hasMore: false };
    const page = (
      <BatchPage
        v={view(request, reply)}
        batch={batch}
        badgeName={textsIn(badge.achievement, request.locale).name}
        errors={errors}
        issued={{ rows: issued.rows, offset, hasMore: issued.hasMore }}
      />
    );
    return sendPage(reply, page);
  });

  app.post<IdParams>('/bulk/:id/confirm', async (request, reply) => {
    const batch = await confirmBatch(deps, request.actor, request.params.id);
    return redirectAfterPost(reply, batchPath(batch.publicId), 'bulk.flash.confirmed');
  });

  app.post<IdParams>('/bulk/:id/cancel', async (request, reply) => {
    const batch = await cancelBatch(deps, request.actor, request.params.id);
    return redirectAfterPost(reply, batchPath(batch.publicId), 'bulk.flash.cancelled');
  });
}
