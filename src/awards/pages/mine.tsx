// "My badges": what was awarded to the person's verified addresses and to the organisations they
// manage — pending ones to accept or decline, accepted ones with their status and link.
import type { ComponentChildren } from 'preact';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import { type CredentialSummary, credentialPath } from '../awards';
import { CredentialImage, CredentialLink, PostButton, RecipientLabel, StatusText, formatDate } from './common';

export function MinePage(props: { v: View; items: CredentialSummary[]; now: Date; extra?: ComponentChildren }) {
  const { v, items } = props;
  const pending = items.filter((c) => c.state === 'pending');
  const accepted = items.filter((c) => c.state === 'accepted');
  return (
    <Layout v={v} title={v.t('awards.mine.title')} wide>
      <h1>{v.t('awards.mine.title')}</h1>
      <p class="muted">{v.t('awards.mine.intro')}</p>
      <p>
        <a href="/offers">{v.t('networks.offers.title')}</a>
      </p>
      {pending.length > 0 && (
        <section aria-labelledby="pending-heading">
          <h2 id="pending-heading">{v.t('awards.mine.pending', { count: pending.length })}</h2>
          <ul class="grid" style="list-style:none;padding:0">
            {pending.map((c) => (
              <li key={c.publicId} class="card">
                <CredentialImage c={c} size={96} alt="" />
                <h3 style="margin:.5rem 0 .25rem" id={`c-${c.publicId}`}>
                  <CredentialLink c={c} />
                </h3>
                <p class="muted small">
                  {v.t('awards.mine.from', { issuer: c.organizationName, date: formatDate(v.locale, c.validFrom) })}
                  <br />
                  {v.t('awards.mine.to')} <RecipientLabel v={v} c={c} />
                </p>
                <p>
                  <StatusText v={v} c={c} now={props.now} />
                </p>
                <p class="actions">
                  <PostButton v={v} action={credentialPath(c.publicId, '/accept')} label={v.t('awards.claim.accept')} describedBy={`c-${c.publicId}`} />
                  <PostButton v={v} action={credentialPath(c.publicId, '/decline')} label={v.t('awards.claim.decline')} secondary describedBy={`c-${c.publicId}`} />
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="accepted-heading">
        <h2 id="accepted-heading">{v.t('awards.mine.accepted')}</h2>
        {accepted.length === 0 ? (
          <p>{v.t('awards.mine.none')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{v.t('awards.list.badge')}</th>
                  <th scope="col">{v.t('awards.page.issuer')}</th>
                  <th scope="col">{v.t('awards.page.recipient')}</th>
                  <th scope="col">{v.t('awards.page.issuedOn')}</th>
                  <th scope="col">{v.t('awards.page.status')}</th>
                </tr>
              </thead>
              <tbody>
                {accepted.map((c) => (
                  <tr key={c.publicId}>
                    <td>
                      <CredentialLink c={c} />
                      {c.level && <span class="muted"> ({c.level})</span>}
                    </td>
                    <td>{c.organizationName}</td>
                    <td>
                      <RecipientLabel v={v} c={c} />
                    </td>
                    <td>{formatDate(v.locale, c.validFrom)}</td>
                    <td>
                      <StatusText v={v} c={c} now={props.now} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {props.extra}
    </Layout>
  );
}
