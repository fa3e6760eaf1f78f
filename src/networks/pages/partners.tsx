// An organisation's partners and endorsements: its partners and the endorsements it received (for
// everyone); the form to endorse it or one of its badges (for managers of other organisations); for
// its own managers, adding partners, asking a partner for an endorsement and answering requests.
import { formatDate } from '../../organizations/pages/common';
import { Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import { type GivenEndorsement, type ShownEndorsement, endorsementPath } from '../endorsements';
import type { EndorsementRequest, Partner } from '../partners';
import { EndorsementsSection } from './endorsements';

type Option = { value: string; label: string };

function Select(props: { name: string; label: string; options: Option[] }) {
  return (
    <div class="field">
      <label for={`f-${props.name}`}>{props.label}</label>
      <select id={`f-${props.name}`} name={props.name}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface PartnersPageProps {
  v: View;
  organization: { slug: string; name: string };
  partners: Partner[];
  endorsements: ShownEndorsement[];
  /** Its badges (published), to endorse or to ask an endorsement of. */
  badges: Option[];
  /** Organisations the viewer manages, other than this one (they may endorse it). */
  endorseAs: Option[];
  /** For its managers: organisations that may be added, and the requests received. */
  manage: { candidates: Option[]; requests: EndorsementRequest[]; given: GivenEndorsement[] } | null;
  message?: string | undefined;
}

export function PartnersPage(props: PartnersPageProps) {
  const { v, organization: org, manage } = props;
  const base = `/organizations/${encodeURIComponent(org.slug)}`;
  const title = `${v.t('networks.partners.title')} — ${org.name}`;
  return (
    <Layout v={v} title={title}>
      <h1>
        <a href={base}>{org.name}</a> — {v.t('networks.partners.title')}
      </h1>
      {v.flash && (
        <p class="flash" role="status">
          {v.flash}
        </p>
      )}
      {props.message && (
        <div class="error-summary" role="alert">
          <p>{props.message}</p>
        </div>
      )}
      <section aria-labelledby="partners-heading">
        <h2 id="partners-heading">{v.t('networks.partners.list')}</h2>
        {props.partners.length === 0 ? (
          <p class="muted">{v.t('networks.partners.none')}</p>
        ) : (
          <ul id="partners">
            {props.partners.map((p) => (
              <li key={p.slug}>
                <a href={`/organizations/${encodeURIComponent(p.slug)}`}>{p.name}</a>
                {p.mutual && <span class="tag"> {v.t('networks.partners.mutual')}</span>}
                {manage && (
                  <Form v={v} action={`${base}/partners/${encodeURIComponent(p.slug)}/remove`} class="inline">
                    <Submit secondary>{v.t('networks.partners.remove')}</Submit>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {props.endorsements.length > 0 ? (
        <EndorsementsSection v={v} endorsements={props.endorsements} />
      ) : (
        <p class="muted">{v.t('networks.partners.noEndorsement')}</p>
      )}
      {props.endorseAs.length > 0 && (
        <section class="card" aria-labelledby="endorse-heading">
          <h2 id="endorse-heading" style="margin-top:0">
            {v.t('networks.partners.endorse')}
          </h2>
          <p class="muted">{v.t('networks.partners.endorseHint')}</p>
          <Form v={v} action={`${base}/endorse`}>
            <Select name="as" label={v.t('networks.partners.as')} options={props.endorseAs} />
            <Select name="what" label={v.t('networks.partners.what')} options={[{ value: '', label: v.t('networks.partners.theOrganization') }, ...props.badges]} />
            <Field v={v} name="comment" label={v.t('networks.partners.comment')} multiline required />
            <Submit>{v.t('networks.partners.endorseSubmit')}</Submit>
          </Form>
        </section>
      )}
      {manage && (
        <>
          {manage.given.length > 0 && (
            <section class="card" aria-labelledby="given-heading" id="given">
              <h2 id="given-heading" style="margin-top:0">
                {v.t('networks.endorsements.given')}
              </h2>
              <p class="muted">{v.t('networks.endorsements.givenHelp')}</p>
              <ul class="stack" style="list-style:none;padding:0">
                {manage.given.map((g) => (
                  <li key={g.id} id={`given-${g.id}`}>
                    <p style="margin:0">
                      <a href={g.subjectUrl}>{g.name}</a>
                      <span class="muted"> — {formatDate(v.locale, g.issuedAt)} — </span>
                      <a href={endorsementPath(g.id)} type="application/ld+json">
                        {v.t('networks.endorsements.signed')}
                      </a>
                    </p>
                    <Form v={v} action={`${base}/endorsements/${encodeURIComponent(g.id)}/withdraw`} class="inline">
                      <div class="field">
                        <label for={`f-reason-${g.id}`}>{v.t('networks.endorsements.withdrawReason')}</label>
                        <input id={`f-reason-${g.id}`} name="reason" maxLength={500} />
                      </div>
                      <Submit secondary>{v.t('networks.endorsements.withdraw')}</Submit>
                    </Form>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section class="card" aria-labelledby="requests-heading" id="requests">
            <h2 id="requests-heading" style="margin-top:0">
              {v.t('networks.partners.requests')}
            </h2>
            {manage.requests.length === 0 ? (
              <p class="muted">{v.t('networks.partners.noRequest')}</p>
            ) : (
              <ul class="stack" style="list-style:none;padding:0">
                {manage.requests.map((r) => (
                  <li key={r.id} id={`request-${r.id}`}>
                    <p style="margin:0">
                      {v.t('networks.partners.requestLine', { requester: r.requester.name, subject: r.badge?.name ?? r.requester.name })}
                      <span class="tag"> {v.t(`networks.partners.status.${r.status}`)}</span>
                      <span class="muted"> — {formatDate(v.locale, r.createdAt)}</span>
                    </p>
                    {r.message && <blockquote style="margin:0.25rem 0">{r.message}</blockquote>}
                    {r.status === 'pending' && (
                      <>
                        <Form v={v} action={`/endorsement-requests/${encodeURIComponent(r.id)}/answer`}>
                          <input type="hidden" name="accept" value="true" />
                          <div class="field">
                            <label for={`f-comment-${r.id}`}>{v.t('networks.partners.comment')}</label>
                            <textarea id={`f-comment-${r.id}`} name="comment" rows={3} required />
                          </div>
                          <Submit>{v.t('networks.partners.accept')}</Submit>
                        </Form>
                        <Form v={v} action={`/endorsement-requests/${encodeURIComponent(r.id)}/answer`} class="inline">
                          <input type="hidden" name="accept" value="false" />
                          <Submit secondary>{v.t('networks.partners.decline')}</Submit>
                        </Form>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {manage.candidates.length > 0 && (
            <section class="card" aria-labelledby="add-heading">
              <h2 id="add-heading" style="margin-top:0">
                {v.t('networks.partners.add')}
              </h2>
              <Form v={v} action={`${base}/partners`}>
                <Select name="partner" label={v.t('networks.partners.partner')} options={manage.candidates} />
                <Submit>{v.t('networks.partners.addSubmit')}</Submit>
              </Form>
            </section>
          )}
          {props.partners.length > 0 && (
            <section class="card" aria-labelledby="request-heading">
              <h2 id="request-heading" style="margin-top:0">
                {v.t('networks.partners.request')}
              </h2>
              <Form v={v} action={`${base}/endorsement-requests`}>
                <Select name="endorser" label={v.t('networks.partners.requestTo')} options={props.partners.map((p) => ({ value: p.slug, label: p.name }))} />
                <Select name="badge" label={v.t('networks.partners.what')} options={[{ value: '', label: v.t('networks.partners.theOrganization') }, ...props.badges]} />
                <Field v={v} name="message" label={v.t('networks.partners.message')} multiline />
                <Submit>{v.t('networks.partners.requestSubmit')}</Submit>
              </Form>
            </section>
          )}
        </>
      )}
    </Layout>
  );
}
