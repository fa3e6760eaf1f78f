// The regional badges offered to the signed-in person (and to the organisations they manage):
// accept (issued at once) or decline (remembered).
import { credentialPath } from '../../awards/awards';
import { badgePath } from '../../badges/document';
import { Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import type { Offer } from '../offers';

export function OffersPage(props: { v: View; offers: Offer[]; message?: string | undefined }) {
  const { v, offers } = props;
  return (
    <Layout v={v} title={v.t('networks.offers.title')}>
      <h1>{v.t('networks.offers.title')}</h1>
      {props.message && (
        <div class="error-summary" role="alert">
          <p>{props.message}</p>
        </div>
      )}
      {offers.length === 0 ? (
        <p class="muted">{v.t('networks.offers.empty')}</p>
      ) : (
        <ul class="stack" style="list-style:none;padding:0" id="offers">
          {offers.map((o) => (
            <li key={o.id} class="card" id={`offer-${o.id}`}>
              <h2 style="margin-top:0">
                <a href={badgePath(o.regional.id)}>{o.regional.name}</a>
                <span class="tag"> {v.t(`networks.offers.status.${o.status}`)}</span>
              </h2>
              <p>
                {v.t('networks.offers.item', { badge: o.regional.name, issuer: o.regional.issuer, partner: o.partner.name, partnerIssuer: o.partner.issuer })}
                {o.level && <> {v.t('networks.offers.level', { level: o.level })}</>}
                {o.organization && <> {v.t('networks.offers.forOrganization', { organization: o.organization })}</>}
              </p>
              {o.status === 'offered' && (
                <div class="actions" style="display:flex;gap:0.5rem">
                  <Form v={v} action={`/offers/${encodeURIComponent(o.id)}/accept`} class="inline">
                    <Submit>{v.t('networks.offers.accept')}</Submit>
                  </Form>
                  <Form v={v} action={`/offers/${encodeURIComponent(o.id)}/decline`} class="inline">
                    <Submit secondary>{v.t('networks.offers.decline')}</Submit>
                  </Form>
                </div>
              )}
              {o.credentialId && (
                <p>
                  <a href={credentialPath(o.credentialId)}>{v.t('networks.offers.view')}</a>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
