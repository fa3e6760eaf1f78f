// Pages of an invitation link: see the invitation, sign in or sign up and come back, accept it.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';
import type { Deps } from '../platform/deps';
import { redirectAfterPost, view } from '../web/http';
import { sendPage } from '../web/render';
import { acceptInvitation, viewInvitation } from './invitations.service';
import { tryForm } from './forms';
import { orgPath } from './pages/common';
import { InvitationPage } from './pages/invitation';

type TokenParams = { Params: { token: string } };

export function registerInvitationRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<TokenParams>('/invitations/:token', async (request, reply) => {
    const { token } = request.params;
    const invitation = await viewInvitation(deps, token);
    const status = invitation.status === 'pending' ? 200 : 410;
    // The link is a secret: keep it out of Referer headers sent to other sites.
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(reply, <InvitationPage v={view(request, reply)} token={token} invitation={invitation} />, status);
  });

  app.post<TokenParams>('/invitations/:token/accept', async (request, reply) => {
    const { token } = request.params;
    // Signed out (the session ended meanwhile): sign in, then back to the invitation, not to this POST.
    if (!request.actor) return reply.redirect(`/signin?back=${encodeURIComponent(`/invitations/${token}`)}`, 303);
    const result = await tryForm(() => acceptInvitation(deps, request.actor, token));
    if (result instanceof AppError) {
      const invitation = await viewInvitation(deps, token);
      reply.header('referrer-policy', 'no-referrer');
      const page = <InvitationPage v={view(request, reply)} token={token} invitation={invitation} message={request.t(result.messageKey, result.params)} />;
      return sendPage(reply, page, result.status);
    }
    return redirectAfterPost(reply, orgPath(result.slug), 'organizations.flash.joined');
  });
}
