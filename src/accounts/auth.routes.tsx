// Pages of the public account flows: setup, sign-up, sign-in and out, address verification, password reset.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../app';
import { fail } from '../errors';
import type { Deps } from '../platform/deps';
import { redirectAfterPost, signInRedirect, view } from '../web/http';
import { safeBack, sendPage } from '../web/render';
import {
  type Session,
  requestPasswordReset,
  resetPassword,
  resetTokenIsUsable,
  setupInstance,
  setupIsOpen,
  signIn,
  signOut,
  signUp,
} from './auth.service';
import { listEmails, verifyEmailToken } from './emails.service';
import { attempt, formBody } from './form-state';
import { ForgotPage, ForgotSentPage, ResetPage } from './pages/password-reset';
import { SetupPage } from './pages/setup';
import { SignInPage } from './pages/signin';
import { CheckMailPage, SignUpPage } from './pages/signup';

/** Sets the cookie of a new session; a session the browser had before ends. */
async function startSession(deps: Deps, request: FastifyRequest, reply: FastifyReply, session: Session): Promise<void> {
  await signOut(deps, request.sessionToken);
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.secureCookies,
    maxAge: deps.config.sessionDays * 86400,
  });
}

function userAgent(request: FastifyRequest): string | null {
  return request.headers['user-agent'] ?? null;
}

function newAccountInput(request: FastifyRequest) {
  const body = formBody(request);
  return { displayName: body.displayName ?? '', email: body.email ?? '', password: body.password ?? '', locale: request.locale };
}

export function registerAuthRoutes(app: FastifyInstance, deps: Deps): void {
  const rateLimit = { max: deps.config.signinRateLimit, timeWindow: deps.config.signinRateWindow };

  app.get('/setup', async (request, reply) => {
    if (!(await setupIsOpen(deps))) throw fail.notFound();
    return sendPage(reply, <SetupPage v={view(request, reply)} state={{}} />);
  });

  app.post('/setup', async (request, reply) => {
    const result = await attempt(request, () => setupInstance(deps, newAccountInput(request), userAgent(request)));
    if (!result.ok) return sendPage(reply, <SetupPage v={view(request, reply)} state={result.state} />, result.status);
    await startSession(deps, request, reply, result.value);
    return redirectAfterPost(reply, '/', 'accounts.setup.done');
  });

  app.get('/signup', async (request, reply) => {
    const back = safeBack((request.query as Record<string, unknown>).back);
    if (request.actor) return reply.redirect(back === '/' ? '/account' : back, 303);
    return sendPage(reply, <SignUpPage v={view(request, reply)} state={{}} back={back} />);
  });

  app.post('/signup', async (request, reply) => {
    const back = safeBack((request.body as Record<string, unknown> | undefined)?.back);
    const result = await attempt(request, () => signUp(deps, newAccountInput(request), userAgent(request)));
    if (!result.ok)
      return sendPage(reply, <SignUpPage v={view(request, reply)} state={result.state} back={back} />, result.status);
    await startSession(deps, request, reply, result.value.session);
    return redirectAfterPost(reply, back === '/' ? '/signup/check-mail' : `/signup/check-mail?back=${encodeURIComponent(back)}`);
  });

  app.get('/signup/check-mail', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const primary = (await listEmails(deps, request.actor)).find((e) => e.primary);
    const back = safeBack((request.query as Record<string, unknown>).back);
    return sendPage(reply, <CheckMailPage v={view(request, reply)} email={primary?.email} back={back} />);
  });

  app.get('/signin', async (request, reply) => {
    const back = safeBack((request.query as Record<string, unknown>).back);
    if (request.actor) return reply.redirect(back, 303);
    return sendPage(reply, <SignInPage v={view(request, reply)} state={{}} back={back} />);
  });

  app.post('/signin', { config: { rateLimit } }, async (request, reply) => {
    const body = formBody(request);
    const back = safeBack(body.back);
    const input = { email: body.email ?? '', password: body.password ?? '' };
    const result = await attempt(request, () => signIn(deps, input, userAgent(request)), ['validation', 'unauthenticated']);
    if (!result.ok) return sendPage(reply, <SignInPage v={view(request, reply)} state={result.state} back={back} />, result.status);
    await startSession(deps, request, reply, result.value);
    return reply.redirect(back, 303);
  });

  app.post('/signout', async (request, reply) => {
    await signOut(deps, request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return redirectAfterPost(reply, '/', 'accounts.signout.done');
  });

  // GET /verify?token=… (the link of verification mails) shares its path with the badge verifier:
  // src/verify/verify.routes.tsx hands requests with a `token` to confirmEmailFromLink.

  app.get('/forgot', async (request, reply) => sendPage(reply, <ForgotPage v={view(request, reply)} state={{}} />));

  app.post('/forgot', { config: { rateLimit } }, async (request, reply) => {
    const result = await attempt(request, () => requestPasswordReset(deps, { email: formBody(request).email ?? '' }));
    if (!result.ok) return sendPage(reply, <ForgotPage v={view(request, reply)} state={result.state} />, result.status);
    return redirectAfterPost(reply, '/forgot/sent');
  });

  app.get('/forgot/sent', async (request, reply) => sendPage(reply, <ForgotSentPage v={view(request, reply)} />));

  app.get('/reset', async (request, reply) => {
    const token = (request.query as Record<string, unknown>).token;
    if (typeof token !== 'string' || !(await resetTokenIsUsable(deps, token))) throw fail.gone('accounts.token.invalid');
    return sendPage(reply, <ResetPage v={view(request, reply)} token={token} state={{}} />);
  });

  app.post('/reset', async (request, reply) => {
    const body = formBody(request);
    const input = { token: body.token ?? '', password: body.password ?? '' };
    const result = await attempt(request, () => resetPassword(deps, input, userAgent(request)));
    if (!result.ok)
      return sendPage(reply, <ResetPage v={view(request, reply)} token={input.token} state={result.state} />, result.status);
    await startSession(deps, request, reply, result.value);
    return redirectAfterPost(reply, '/account', 'accounts.reset.done');
  });
}

/** The link of an e-mail verification mail (GET /verify?token=…): confirms the address, then goes on. */
export async function confirmEmailFromLink(deps: Deps, request: FastifyRequest, reply: FastifyReply, token: string): Promise<FastifyReply> {
  await verifyEmailToken(deps, token);
  return redirectAfterPost(reply, request.actor ? '/account' : '/signin', 'accounts.verify.done');
}
