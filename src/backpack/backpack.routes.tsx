// Forms of imported badges on "Mes badges": import (a multipart upload or an address), check again,
// remove; each answers with a redirect to the section, or "Mes badges" again with the reason.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { tryForm } from '../organizations/forms';
import type { Deps } from '../platform/deps';
import { redirectAfterPost, signInRedirect } from '../web/http';
import type { FormErrors } from '../web/view';
import { problemMessage } from '../verify/present';
import { readVerifyForm } from '../verify/upload';
import type { VerifyInput } from '../verify/verify';
import { importCredential, recheckImported, removeImported } from './imports';

const MINE = '/badges/mine#imports';

export function registerBackpackRoutes(
  app: FastifyInstance,
  deps: Deps,
  minePage: (request: FastifyRequest, reply: FastifyReply, form: { errors?: FormErrors; message?: string; status: number }) => Promise<FastifyReply>,
): void {
  app.post('/backpack/import', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const form = await readVerifyForm(request, deps.config.maxUploadBytes);
    if (form.tooLarge) return minePage(request, reply, { errors: { file: request.t('errors.payloadTooLarge') }, status: 413 });
    const url = form.fields.url?.trim() ?? '';
    const input: VerifyInput | null = form.file ? { kind: 'bytes', bytes: form.file } : url ? { kind: 'url', url } : null;
    if (!input) return minePage(request, reply, { errors: { file: request.t('backpack.import.required') }, status: 400 });
    const outcome = await tryForm(() => importCredential(deps, request.server.verifyServices, request.actor, input));
    if (outcome instanceof AppError) return minePage(request, reply, { message: request.t(outcome.messageKey, outcome.params), status: outcome.status });
    if (!outcome.ok) {
      const failed = outcome.report.checks.find((c) => !c.passed && !c.skipped)?.problems[0];
      const reason = failed ? problemMessage(request.t, failed.code) : '';
      return minePage(request, reply, { message: `${request.t('backpack.import.invalid')} ${request.t(`verify.verdict.${outcome.report.verdict}`)} ${reason}`.trim(), status: 422 });
    }
    return redirectAfterPost(reply, MINE, 'backpack.import.done');
  });

  app.post<{ Params: { id: string } }>('/backpack/imports/:id/verify', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    await recheckImported(deps, request.server.verifyServices, request.actor, request.params.id);
    return redirectAfterPost(reply, MINE, 'backpack.import.rechecked');
  });

  app.post<{ Params: { id: string } }>('/backpack/imports/:id/remove', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    await removeImported(deps, request.actor, request.params.id);
    return redirectAfterPost(reply, MINE, 'backpack.import.removed');
  });
}
