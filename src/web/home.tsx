import type { FastifyInstance } from 'fastify';
import { hasAnyUser } from '../accounts/accounts.repository';
import type { Deps } from '../platform/deps';
import { Layout } from './layout';
import { sendPage } from './render';
import { view } from './http';
import type { View } from './view';

function HomePage(props: { v: View; firstRun: boolean }) {
  const { v } = props;
  return (
    <Layout v={v} title={v.t('home.title')}>
      {props.firstRun ? (
        <section class="card callout">
          <h1>{v.t('home.setup.heading')}</h1>
          <p>{v.t('home.setup.text')}</p>
          <p>
            <a class="button" href="/setup">
              {v.t('home.setup.action')}
            </a>
          </p>
        </section>
      ) : (
        <section class="hero">
          <h1>{v.t('home.heading')}</h1>
          <p class="lead">{v.t('home.lead')}</p>
          {v.user && <p>{v.t('home.signedIn', { name: v.user.displayName })}</p>}
          <p class="actions">
            <a class="button" href="/organizations">
              {v.t('home.actions.organizations')}
            </a>
            {v.user ? (
              <a class="button secondary" href="/organizations/new">
                {v.t('home.actions.createOrganization')}
              </a>
            ) : (
              <a class="button secondary" href="/signup">
                {v.t('home.actions.signUp')}
              </a>
            )}
          </p>
          <ul class="features">
            <li>{v.t('home.features.review')}</li>
            <li>{v.t('home.features.keys')}</li>
            <li>{v.t('home.features.verify')}</li>
          </ul>
        </section>
      )}
    </Layout>
  );
}

export function registerHomeRoutes(app: FastifyInstance, deps: Deps): void {
  app.get('/', async (request, reply) => {
    const firstRun = !request.actor && !(await hasAnyUser(deps.db));
    return sendPage(reply, <HomePage v={view(request, reply)} firstRun={firstRun} />);
  });
}
