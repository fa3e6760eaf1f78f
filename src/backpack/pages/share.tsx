// Sharing a credential: OpenGraph tags on its page (what social networks show of a shared link;
// private credentials ask not to be indexed), and, for its earner, the link to copy, LinkedIn's
// "add to profile" (certification fields filled) and share links.
import type { Credential } from '../../awards/awards';
import type { View } from '../../web/view';

export function ShareMeta(props: { v: View; c: Credential; url: string; baseUrl: string }) {
  const { v, c } = props;
  if (c.visibility === 'private') return <meta name="robots" content="noindex, nofollow" />;
  const image = `${props.baseUrl}/ob2/badges/${encodeURIComponent(c.badgePublicId)}/image?v=${c.badgeVersion}`;
  const description = v.t('backpack.share.description', { badge: c.badgeName, issuer: c.organizationName });
  return (
    <>
      <meta property="og:type" content="website" />
      <meta property="og:title" content={c.badgeName} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={props.url} />
      <meta property="og:image" content={image} />
      <meta property="og:site_name" content={v.t('app.name')} />
      <meta name="twitter:card" content="summary" />
      <meta name="description" content={description} />
      {c.visibility === 'link' && <meta name="robots" content="noindex" />}
    </>
  );
}

/** LinkedIn's "add to profile" link for a certification (its documented query parameters). */
export function linkedInAddUrl(c: Pick<Credential, 'badgeName' | 'organizationName' | 'validFrom' | 'validUntil' | 'publicId'>, url: string): string {
  const q = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: c.badgeName,
    organizationName: c.organizationName,
    issueYear: String(c.validFrom.getUTCFullYear()),
    issueMonth: String(c.validFrom.getUTCMonth() + 1),
    ...(c.validUntil ? { expirationYear: String(c.validUntil.getUTCFullYear()), expirationMonth: String(c.validUntil.getUTCMonth() + 1) } : {}),
    certUrl: url,
    certId: c.publicId,
  });
  return `https://www.linkedin.com/profile/add?${q.toString()}`;
}

export function ShareSection(props: { v: View; c: Credential; url: string }) {
  const { v, c, url } = props;
  if (c.visibility === 'private' || c.revokedAt) return null;
  const subject = v.t('backpack.share.mailSubject', { badge: c.badgeName });
  const body = v.t('backpack.share.mailBody', { badge: c.badgeName, issuer: c.organizationName, url });
  return (
    <section class="card" aria-labelledby="share-heading" id="share">
      <h2 id="share-heading" style="margin-top:0">
        {v.t('backpack.share.title')}
      </h2>
      <div class="field">
        <label for="share-link">{v.t('backpack.share.link')}</label>
        <input id="share-link" type="text" readOnly value={url} />
      </div>
      <ul>
        <li>
          <a href={linkedInAddUrl(c, url)} rel="noopener" target="_blank">
            {v.t('backpack.share.linkedinAdd')}
          </a>
        </li>
        <li>
          <a href={`https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(url)}`} rel="noopener" target="_blank">
            {v.t('backpack.share.linkedinShare')}
          </a>
        </li>
        <li>
          <a href={`mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`}>{v.t('backpack.share.mail')}</a>
        </li>
      </ul>
    </section>
  );
}
