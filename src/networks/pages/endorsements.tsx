// The endorsements shown with a badge (or an organisation, or a credential): who endorses it, in
// their words, with the signed EndorsementCredential a verifier can check.
import { formatDate } from '../../organizations/pages/common';
import type { View } from '../../web/view';
import { type ShownEndorsement, endorsementPath } from '../endorsements';

export function EndorsementsSection(props: { v: View; endorsements: readonly ShownEndorsement[] }) {
  const { v, endorsements } = props;
  if (endorsements.length === 0) return null;
  return (
    <section class="card" aria-labelledby="endorsements-heading" id="endorsements">
      <h2 id="endorsements-heading" style="margin-top:0">
        {v.t('networks.endorsements.title')}
      </h2>
      <ul class="stack" style="list-style:none;padding:0">
        {endorsements.map((e) => (
          <li key={e.id}>
            <p style="margin:0">
              {v.t('networks.endorsements.by')}
              {e.endorser.slug ? <a href={`/organizations/${encodeURIComponent(e.endorser.slug)}`}>{e.endorser.name}</a> : <strong>{e.endorser.name}</strong>}
              <span class="muted"> — {formatDate(v.locale, e.issuedAt)}</span>
            </p>
            {e.comment && <blockquote style="margin:0.25rem 0">{e.comment}</blockquote>}
            <a href={endorsementPath(e.id)} type="application/ld+json">
              {v.t('networks.endorsements.signed')}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
