// Pages of claiming: the claim link's page with Accept / Decline, "My badges", and accepting or
// declining from there.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type MineForm, registerBackpackRoutes } from '../backpack/backpack.routes';
import { getMyProfile, listMyCollections } from '../backpack/collections';
import { CollectionsSection } from '../backpack/pages/backpack';
import { listImported } from '../backpack/imports';
import { ImportsSection } from '../backpack/pages/imports';
import { AppError } from '../errors';
import { tryForm } from '../organizations/forms';
import type { Deps } from '../platform/deps';
import { redirectAfterPost, signInRedirect, view } from '../web/http';
import { sendPage } from '../web/render';
import { credentialPath } from './awards';
import { type ClaimAnswer, answerAsRecipient, answerClaim, listMyCredentials, viewClaim } from './claims.service';
import { ClaimPage } from './pages/claim';
import { MinePage } from './pages/mine';

type TokenParams = { Params: { token: string } };
const ANSWERS = ['accept', 'decline'] as const satisfies readonly ClaimAnswer[];

export function registerClaimRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<TokenParams>('/claim/:token', async (request, reply) => {
    const credential = await viewClaim(deps, request.params.token);
    // The link is a secret: keep it out of Referer headers sent to other sites.
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(reply, <ClaimPage v={view(request, reply)} token={request.params.token} c={credential} now={deps.clock.now()} />);
  });

  for (const answer of ANSWERS) {
    app.post<TokenParams>(`/claim/:token/${answer}`, async (request, reply) => {
      const { token } = request.params;
      const result = await tryForm(() => answerClaim(deps, token, answer));
      if (result instanceof AppError) {
        const credential = await viewClaim(deps, token);
        reply.header('referrer-policy', 'no-referrer');
        const message = request.t(result.messageKey, result.params);
        return sendPage(reply, <ClaimPage v={view(request, reply)} token={token} c={credential} now={deps.clock.now()} message={message} />, result.status);
      }
      return answer === 'accept'
        ? redirectAfterPost(reply, credentialPath(result.publicId), 'awards.flash.accepted')
        : redirectAfterPost(reply, `/claim/${token}`, 'awards.flash.declined');
    });

    app.post<{ Params: { id: string } }>(`/credentials/:id/${answer}`, async (request, reply) => {
      await answerAsRecipient(deps, request.actor, request.params.id, answer);
      return redirectAfterPost(reply, '/badges/mine', answer === 'accept' ? 'awards.flash.accepted' : 'awards.flash.declined');
    });
  }

  /** "Mes badges", with the badges imported from elsewhere (and an import form's errors). */
  const minePage = async (request: FastifyRequest, reply: FastifyReply, form: MineForm = { status: 200 }) => {
    const items = await listMyCredentials(deps, request.actor);
    const v = view(request, reply);
    const extra = (
      <>
        <CollectionsSection v={v} collections={await listMyCollections(deps, request.actor)} profile={await getMyProfile(deps, request.actor!)} errors={form.collectionErrors} />
        <ImportsSection v={v} items={await listImported(deps, request.actor)} errors={form.errors} message={form.message} />
      </>
    );
    return sendPage(reply, <MinePage v={v} items={items} now={deps.clock.now()} extra={extra} />, form.status);
  };

  app.get('/badges/mine', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    return minePage(request, reply);
  });

  registerBackpackRoutes(app, deps, minePage);
}
