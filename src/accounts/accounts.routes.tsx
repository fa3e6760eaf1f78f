// Pages of accounts: the public flows (auth.routes.tsx) and the signed-in person's /account page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../i18n';
import type { Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { redirectAfterPost, signInRedirect, view } from '../web/http';
import { sendPage } from '../web/render';
import { addEmailSchema, changePasswordSchema, newTokenSchema, profileSchema } from './accounts';
import { changePassword, deleteAccount, getMe, updateProfile } from './accounts.service';
import { registerAuthRoutes } from './auth.routes';
import { addEmail, makePrimaryEmail, removeEmail, resendVerification } from './emails.service';
import { attempt, formBody } from './form-state';
import { type AccountSection, type AccountState, AccountPage } from './pages/account';
import { createPersonalToken, listPersonalTokens, revokePersonalToken } from './tokens.service';

export function registerAccountRoutes(app: FastifyInstance, deps: Deps): void {
  registerAuthRoutes(app, deps);

  async function renderAccount(request: FastifyRequest, reply: FastifyReply, state: AccountState = {}, status = 200) {
    const [me, tokens] = await Promise.all([getMe(deps, request.actor), listPersonalTokens(deps, request.actor)]);
    return sendPage(reply, <AccountPage v={view(request, reply)} me={me} tokens={tokens} state={state} />, status);
  }

  /** A form of the account page: its use case, then back to the page with a flash (or the page with the errors). */
  function accountForm(
    path: string,
    section: AccountSection,
    flash: MessageKey,
    run: (request: FastifyRequest, body: Record<string, string>) => Promise<unknown>,
  ): void {
    app.post(path, async (request, reply) => {
      if (!request.actor) return reply.redirect('/signin?back=%2Faccount', 303);
      const body = formBody(request);
      const result = await attempt(request, () => run(request, body), ['validation', 'conflict', 'not_found']);
      if (!result.ok) return renderAccount(request, reply, { ...result.state, section }, result.status);
      return redirectAfterPost(reply, '/account', flash);
    });
  }

  app.get('/account', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    return renderAccount(request, reply);
  });

  accountForm('/account/profile', 'profile', 'flash.saved', (request, body) =>
    updateProfile(deps, request.actor, parseInput(profileSchema, body)),
  );

  accountForm('/account/password', 'password', 'accounts.password.changed', (request, body) =>
    changePassword(deps, request.actor, parseInput(changePasswordSchema, body), request.sessionToken),
  );

  accountForm('/account/emails', 'emails', 'accounts.emails.added', (request, body) =>
    addEmail(deps, request.actor, parseInput(addEmailSchema, body)),
  );
  accountForm('/account/emails/resend', 'emails', 'accounts.emails.resent', (request, body) =>
    resendVerification(deps, request.actor, body.email ?? ''),
  );
  accountForm('/account/emails/primary', 'emails', 'accounts.emails.primaryChanged', (request, body) =>
    makePrimaryEmail(deps, request.actor, body.email ?? ''),
  );
  accountForm('/account/emails/remove', 'emails', 'accounts.emails.removed', (request, body) =>
    removeEmail(deps, request.actor, body.email ?? ''),
  );

  // The new token is rendered in the answer itself: it is never shown again.
  app.post('/account/tokens', async (request, reply) => {
    if (!request.actor) return reply.redirect('/signin?back=%2Faccount', 303);
    const body = formBody(request);
    const result = await attempt(request, () => createPersonalToken(deps, request.actor, parseInput(newTokenSchema, body)));
    if (!result.ok) return renderAccount(request, reply, { ...result.state, section: 'tokens' }, result.status);
    return renderAccount(request, reply, { section: 'tokens', newToken: result.value });
  });

  app.post('/account/delete', async (request, reply) => {
    if (!request.actor) return reply.redirect('/signin?back=%2Faccount', 303);
    const body = formBody(request);
    const result = await attempt(request, () => deleteAccount(deps, request.actor, { password: body.deletePassword }), ['validation', 'conflict']);
    if (!result.ok) return renderAccount(request, reply, { ...result.state, section: 'delete' }, result.status);
    return redirectAfterPost(reply, '/', 'accounts.delete.done');
  });

  accountForm('/account/tokens/revoke', 'tokens', 'accounts.tokens.revoked', (request, body) =>
    revokePersonalToken(deps, request.actor, body.id ?? ''),
  );
}
