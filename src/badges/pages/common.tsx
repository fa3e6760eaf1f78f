// Small pieces shared by the badge pages.
import type { ComponentChildren } from 'preact';
import type { Translate } from '../../i18n';
import type { FormErrors, View } from '../../web/view';
import { type Badge, type BadgeStatus, type Validity, textsIn } from '../badges';
import { badgePath } from '../document';

export function statusLabel(t: Translate, status: BadgeStatus): string {
  return t(`badges.status.${status}`);
}

export function StatusTag(props: { v: View; status: BadgeStatus }) {
  return <span class="badge-tag">{statusLabel(props.v.t, props.status)}</span>;
}

export function validityLabel(t: Translate, validity: Validity): string {
  return 'years' in validity ? t('badges.validity.years', { count: validity.years }) : t('badges.validity.months', { count: validity.months });
}

export function imageSrc(badge: Pick<Badge, 'publicId' | 'version'>): string {
  return badgePath(badge.publicId, `/image?v=${badge.version}`);
}

/** The badge's image; `alt` empty when the badge's name is written next to it. */
export function BadgeImage(props: { badge: Badge; size: number; alt: string }) {
  if (!props.badge.imageType) return null;
  return <img class="badge-image" src={imageSrc(props.badge)} alt={props.alt} width={props.size} height={props.size} style="object-fit:contain" />;
}

/** A badge in a list: image, name (link), organisation, description, tags. */
export function BadgeCard(props: { v: View; badge: Badge; showStatus?: boolean; showOrganization?: boolean }) {
  const { v, badge } = props;
  const texts = textsIn(badge.achievement, v.locale);
  const lang = texts.language === v.locale ? undefined : texts.language;
  const excerpt = texts.description.length > 220 ? `${texts.description.slice(0, 217).trimEnd()}…` : texts.description;
  return (
    <li class="card">
      <BadgeImage badge={badge} size={96} alt="" />
      <h3 style="margin:.5rem 0 .25rem" lang={lang}>
        <a href={badgePath(badge.publicId)}>{texts.name}</a>
      </h3>
      {props.showStatus && <StatusTag v={v} status={badge.status} />}
      {props.showOrganization && <p class="muted small">{v.t('badges.card.issuer', { name: badge.organizationName })}</p>}
      <p lang={lang}>{excerpt}</p>
      {(badge.achievement.tag ?? []).map((tag) => (
        <span key={tag} class="badge-tag">
          {tag}
        </span>
      ))}
    </li>
  );
}

export function BadgeGrid(props: { children: ComponentChildren; label: string }) {
  return (
    <ul class="grid" aria-label={props.label} style="list-style:none;padding:0">
      {props.children}
    </ul>
  );
}

/** A labelled select with its error, like the shared Field. */
export function Select(props: {
  v: View;
  name: string;
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  value?: string | undefined;
  errors?: FormErrors | undefined;
  hint?: string;
}) {
  const id = `f-${props.name}`;
  const error = props.errors?.[props.name];
  const describedBy = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <select id={id} name={props.name} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A POST button (publish, archive…) in its own small form with the CSRF token. */
export function ActionButton(props: { v: View; action: string; label: string; danger?: boolean }) {
  return (
    <form method="post" action={props.action} class="inline">
      <input type="hidden" name="_csrf" value={props.v.csrf} />
      <button type="submit" class={props.danger ? 'button danger' : 'button secondary'}>
        {props.label}
      </button>
    </form>
  );
}

export function Paragraphs(props: { text: string }) {
  return (
    <>
      {props.text
        .split(/\n\s*\n/)
        .filter((p) => p.trim() !== '')
        .map((p, i) => (
          <p key={i} style="white-space:pre-line">
            {p}
          </p>
        ))}
    </>
  );
}
