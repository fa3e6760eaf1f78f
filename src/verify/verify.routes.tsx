// The public verification pages: GET /verify (the form; with ?url=… it verifies that address at
// once, so that "verify" links can point to it) and POST /verify (an uploaded file or pasted text).
// GET /verify?token=… is the accounts module's e-mail verification link, handed over to it.
// Also makes the verification services and the application/ld+json body parser available.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { confirmEmailFromLink } from '../accounts/auth.routes';
import type { Deps } from '../platform/deps';
import { view, wantsJson } from '../web/http';
import { sendPage } from '../web/render';
import type { FormErrors } from '../web/view';
import { VerifyFormPage, type VerifyFormValues } from './pages/verify-form';
import { VerifyResultPage } from './pages/verify-result';
import { presentReport } from './present';
import { FILE_FIELD, readVerifyForm } from './upload';
import type { VerifyInput } from './verify';
import { type VerifyServices, verifyBadge } from './verify.service';

declare module 'fastify' {
  interface FastifyInstance {
    /** The verifier's outbound fetcher and local document providers (see app.ts). */
    verifyServices: VerifyServices;
  }
}

export function registerVerifyRoutes(app: FastifyInstance, deps: Deps, services: VerifyServices): void {
  app.decorate('verifyServices', services);
  // Credentials are JSON-LD: accept their own media type wherever JSON is accepted.
  if (!app.hasContentTypeParser('application/ld+json')) {
    app.addContentTypeParser('application/ld+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'ignore'));
  }

  async function showResult(request: FastifyRequest, reply: FastifyReply, input: VerifyInput): Promise<FastifyReply> {
    const report = await verifyBadge(deps, services, input);
    const response = presentReport(report, request.t, request.locale);
    if (wantsJson(request)) return reply.header('cache-control', 'no-store').send(response);
    return sendPage(reply, <VerifyResultPage v={view(request, reply)} response={response} />);
  }

  function showForm(request: FastifyRequest, reply: FastifyReply, values: VerifyFormValues, errors: FormErrors, status: number): FastifyReply {
    return sendPage(reply, <VerifyFormPage v={view(request, reply)} values={values} errors={errors} />, status);
  }

  app.get<{ Querystring: Record<string, unknown> }>('/verify', async (request, reply) => {
    // The link of e-mail verification mails shares this path (accounts module).
    if (typeof request.query.token === 'string') return confirmEmailFromLink(deps, request, reply, request.query.token);
    const raw = request.query.url;
    const url = typeof raw === 'string' ? raw.trim() : '';
    if (url === '') return showForm(request, reply, {}, {}, 200);
    if (!/^https?:\/\/\S+$/i.test(url)) return showForm(request, reply, { url }, { url: request.t('verify.url.invalid') }, 400);
    return showResult(request, reply, { kind: 'url', url });
  });

  app.post('/verify', async (request, reply) => {
    const form = await readVerifyForm(request, deps.config.maxUploadBytes);
    if (form.tooLarge) return showForm(request, reply, {}, { [FILE_FIELD]: request.t('errors.payloadTooLarge') }, 413);
    if (form.file) return showResult(request, reply, { kind: 'bytes', bytes: form.file });
    const text = form.fields.text ?? '';
    if (text.trim() !== '') return showResult(request, reply, { kind: 'text', text });
    const url = form.fields.url?.trim() ?? '';
    if (url !== '') return showResult(request, reply, { kind: 'url', url });
    // Nothing given: say so next to the field of the form that was sent.
    const errors: FormErrors = request.isMultipart() ? { [FILE_FIELD]: request.t('verify.file.required') } : { text: request.t('verify.text.required') };
    return showForm(request, reply, {}, errors, 400);
  });
}
