// Lists of badges: an organisation's (with their status for its members), the public catalogue, and
// the section of published badges on the organisation's page.
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import type { Badge } from '../badges';
import { BadgeCard, BadgeGrid } from './common';

const orgPath = (slug: string, rest = '') => `/organizations/${encodeURIComponent(slug)}${rest}`;

export function OrganizationBadgesPage(props: {
  v: View;
  org: { slug: string; name: string };
  items: Badge[];
  insider: boolean;
  canDesign: boolean;
}) {
  const { v, org } = props;
  const title = v.t('badges.list.title', { name: org.name });
  return (
    <Layout v={v} title={title} wide>
      <p>
        <a href={orgPath(org.slug)}>{v.t('badges.list.back', { name: org.name })}</a>
      </p>
      <h1>{title}</h1>
      {props.canDesign && (
        <p>
          <a class="button" href={orgPath(org.slug, '/badges/new')}>
            {v.t('badges.list.create')}
          </a>
        </p>
      )}
      {props.insider && <p class="muted">{v.t('badges.list.insiderNote')}</p>}
      {props.items.length === 0 ? (
        <p>{v.t('badges.list.empty')}</p>
      ) : (
        <BadgeGrid label={title}>
          {props.items.map((b) => (
            <BadgeCard key={b.publicId} v={v} badge={b} showStatus={props.insider} />
          ))}
        </BadgeGrid>
      )}
    </Layout>
  );
}

/** The organisation page's section: its published badges (nothing when there are none). */
export function OrganizationBadgesSection(props: { v: View; slug: string; items: Badge[]; hasMore: boolean }) {
  const { v } = props;
  if (props.items.length === 0) return null;
  return (
    <section aria-labelledby="org-badges-heading">
      <h2 id="org-badges-heading">{v.t('badges.section.title')}</h2>
      <BadgeGrid label={v.t('badges.section.title')}>
        {props.items.map((b) => (
          <BadgeCard key={b.publicId} v={v} badge={b} />
        ))}
      </BadgeGrid>
      {props.hasMore && (
        <p>
          <a href={orgPath(props.slug, '/badges')}>{v.t('badges.section.all')}</a>
        </p>
      )}
    </section>
  );
}

export function CataloguePage(props: {
  v: View;
  items: Badge[];
  hasMore: boolean;
  query: { q?: string | undefined; tag?: string | undefined; organization?: string | undefined; offset: number; limit: number };
}) {
  const { v, query } = props;
  const pageUrl = (offset: number) => {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.tag) params.set('tag', query.tag);
    if (query.organization) params.set('organization', query.organization);
    if (offset > 0) params.set('offset', String(offset));
    const s = params.toString();
    return s ? `/badges?${s}` : '/badges';
  };
  return (
    <Layout v={v} title={v.t('badges.catalogue.title')} wide>
      <h1>{v.t('badges.catalogue.title')}</h1>
      <form method="get" action="/badges" role="search" class="stack">
        <div class="field">
          <label for="f-q">{v.t('badges.catalogue.search')}</label>
          <input id="f-q" name="q" type="search" value={query.q ?? ''} />
        </div>
        {query.tag && <input type="hidden" name="tag" value={query.tag} />}
        {query.organization && <input type="hidden" name="organization" value={query.organization} />}
        <button type="submit" class="button">
          {v.t('badges.catalogue.submit')}
        </button>
      </form>
      {query.tag && <p>{v.t('badges.catalogue.tag', { tag: query.tag })}</p>}
      <h2>{v.t('badges.catalogue.results')}</h2>
      {props.items.length === 0 ? (
        <p>{v.t('badges.catalogue.empty')}</p>
      ) : (
        <BadgeGrid label={v.t('badges.catalogue.results')}>
          {props.items.map((b) => (
            <BadgeCard key={b.publicId} v={v} badge={b} showOrganization />
          ))}
        </BadgeGrid>
      )}
      {(query.offset > 0 || props.hasMore) && (
        <nav aria-label={v.t('badges.catalogue.pages')}>
          <p class="actions">
            {query.offset > 0 && <a href={pageUrl(Math.max(0, query.offset - query.limit))}>{v.t('badges.catalogue.previous')}</a>}
            {props.hasMore && <a href={pageUrl(query.offset + query.limit)}>{v.t('badges.catalogue.next')}</a>}
          </p>
        </nav>
      )}
    </Layout>
  );
}
