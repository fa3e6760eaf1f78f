// Request-level helpers shared by page routes: the View of a request, flash messages, redirects.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type MessageKey, isMessageKey } from '../i18n';
import type { View } from './view';
import { isVcApiPath } from '../integrations/vcapi';

const FLASH_COOKIE = 'blason_flash';

export function setFlash(reply: FastifyReply, key: MessageKey): void {
  reply.setCookie(FLASH_COOKIE, key, { path: '/', httpOnly: true, sameSite: 'lax', signed: true, maxAge: 60 });
}

export function view(request: FastifyRequest, reply: FastifyReply): View {
  let flash: string | undefined;
  const raw = request.cookies[FLASH_COOKIE];
  if (raw) {
    const unsigned = request.unsignCookie(raw);
    if (unsigned.valid && isMessageKey(unsigned.value)) flash = request.t(unsigned.value);
    reply.clearCookie(FLASH_COOKIE, { path: '/' });
  }
  return {
    t: request.t,
    locale: request.locale,
    user: request.actor,
    csrf: reply.generateCsrf(),
    path: request.url,
    flash,
  };
}

/** After a successful form: 303 to the next page, with an optional flash message. */
export function redirectAfterPost(reply: FastifyReply, to: string, flash?: MessageKey): FastifyReply {
  if (flash) setFlash(reply, flash);
  return reply.redirect(to, 303);
}

/** Pages that need a signed-in person send others to the sign-in page and back. */
export function signInRedirect(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.redirect(`/signin?back=${encodeURIComponent(request.url)}`, 303);
}

export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/') || request.url.startsWith('/ims/') || isVcApiPath(request.url)) return true;
  const accept = request.headers.accept ?? '';
  return /application\/(ld\+)?json/.test(accept) && !accept.includes('text/html');
}
