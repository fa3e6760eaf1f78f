// Small pieces shared by the pages of awarded badges.
import { formatDate } from '../../organizations/pages/common';
import type { View } from '../../web/view';
import { type CredentialSummary, credentialPath, credentialStatus } from '../awards';

export { formatDate };

/** The image shown for an awarded badge: the version's own image, or the drawn one. */
export function CredentialImage(props: { c: Pick<CredentialSummary, 'badgePublicId' | 'badgeVersion' | 'badgeHasImage'>; size: number; alt: string }) {
  const id = encodeURIComponent(props.c.badgePublicId);
  const src = props.c.badgeHasImage ? `/badges/${id}/image?v=${props.c.badgeVersion}` : `/ob2/badges/${id}/image?v=${props.c.badgeVersion}`;
  return <img src={src} alt={props.alt} width={props.size} height={props.size} style="object-fit:contain" />;
}

/** "Valid", "Expired on …" or "Revoked on … (reason)", in words, never by colour alone. */
export function StatusText(props: { v: View; c: Pick<CredentialSummary, 'revokedAt' | 'revocationReason' | 'validUntil'>; now: Date }) {
  const { v, c } = props;
  const status = credentialStatus(c, props.now);
  if (status === 'revoked')
    return (
      <>
        <strong>{v.t('awards.status.revoked')}</strong> {c.revokedAt && v.t('awards.status.revokedOn', { date: formatDate(v.locale, c.revokedAt) })}
        {c.revocationReason && <> — {v.t('awards.status.reason', { reason: c.revocationReason })}</>}
      </>
    );
  if (status === 'expired')
    return (
      <>
        <strong>{v.t('awards.status.expired')}</strong> {c.validUntil && v.t('awards.status.expiredOn', { date: formatDate(v.locale, c.validUntil) })}
      </>
    );
  return <strong>{v.t('awards.status.active')}</strong>;
}

export function StateTag(props: { v: View; state: CredentialSummary['state'] }) {
  return <span class="badge-tag">{props.v.t(`awards.state.${props.state}`)}</span>;
}

/** Who received it, as the issuer's staff and the recipient see it. */
export function RecipientLabel(props: { v: View; c: Pick<CredentialSummary, 'recipient'> }) {
  const { v } = props;
  const r = props.c.recipient;
  if (r.kind === 'organization')
    return (
      <>
        <a href={`/organizations/${encodeURIComponent(r.slug)}`}>{r.organizationName}</a>
        {r.name && <> ({r.name})</>}
      </>
    );
  return <>{r.name ? v.t('awards.recipient.nameAndEmail', { name: r.name, email: r.email }) : r.email}</>;
}

/** A POST button in its own small form with the CSRF token. */
export function PostButton(props: { v: View; action: string; label: string; secondary?: boolean; describedBy?: string }) {
  return (
    <form method="post" action={props.action} class="inline">
      <input type="hidden" name="_csrf" value={props.v.csrf} />
      <button type="submit" class={props.secondary ? 'button secondary' : 'button'} aria-describedby={props.describedBy}>
        {props.label}
      </button>
    </form>
  );
}

export function CredentialLink(props: { c: Pick<CredentialSummary, 'publicId' | 'badgeName'> }) {
  return <a href={credentialPath(props.c.publicId)}>{props.c.badgeName}</a>;
}
