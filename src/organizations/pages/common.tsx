// Small pieces shared by the organisation pages.
import type { Locale } from '../../i18n';
import type { View } from '../../web/view';
import { Checkbox } from '../../web/form';
import { type Organization, ROLES, type Role, roleLabel } from '../organizations';

export function formatDate(locale: Locale, date: Date): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long' }).format(date);
}

export function orgPath(slug: string, rest = ''): string {
  return `/organizations/${encodeURIComponent(slug)}${rest}`;
}

/** The logo's URL, changing with each update so that browsers do not show a stale one. */
export function logoSrc(org: Organization): string {
  return `${orgPath(org.slug, '/logo.png')}?v=${org.updatedAt.getTime()}`;
}

/** A logo next to the organisation's name is decorative: the name says it all (empty alt). */
export function OrgLogo(props: { org: Organization; size?: number }) {
  if (!props.org.hasLogo) return null;
  const size = props.size ?? 64;
  return <img class="org-logo" src={logoSrc(props.org)} alt="" width={size} height={size} />;
}

export function RoleTags(props: { v: View; roles: readonly Role[] }) {
  return (
    <>
      {props.roles.map((r) => (
        <span key={r} class="badge-tag">
          {roleLabel(props.v.t, r)}
        </span>
      ))}
    </>
  );
}

/** Role checkboxes in a fieldset; `idPrefix` keeps ids unique when several appear on one page. */
export function RoleChoices(props: {
  v: View;
  legend: string;
  checked: readonly Role[];
  idPrefix: string;
  error?: string | undefined;
  allowOwner: boolean;
}) {
  const { v } = props;
  return (
    <fieldset id={`f-${props.idPrefix}`} aria-describedby={props.error ? `${props.idPrefix}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.error && (
        <p class="field-error" id={`${props.idPrefix}-error`}>
          {props.error}
        </p>
      )}
      {ROLES.filter((r) => props.allowOwner || r !== 'owner').map((r) => (
        <div key={r}>
          <Checkbox id={`${props.idPrefix}-${r}`} name="roles" value={r} label={roleLabel(v.t, r)} checked={props.checked.includes(r)} />
          <p class="hint">{v.t(`organizations.role.${r}.hint`)}</p>
        </div>
      ))}
    </fieldset>
  );
}
