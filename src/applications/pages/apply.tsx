// The application form (new, or a draft edited) and the badge page's "how it is decided" section.
import type { Badge } from '../../badges/badges';
import { textsIn } from '../../badges/badges';
import { Select } from '../../badges/pages/common';
import { levelNames } from '../../awards/pages/award';
import { ErrorSummary, Field, Form } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';
import { DEFAULT_MAX_FILES, DEFAULT_MAX_FILE_BYTES, applicationPath, applyPath, reviewPolicyOf } from '../applications';
import type { Renewable } from '../applications.service';
import { formatDate } from '../../organizations/pages/common';

export interface ApplyFormValues {
  narrative?: string;
  links?: string;
  checklist?: string[];
  level?: string;
  apply_as?: string;
  email?: string;
  /** A renewal: the id of the credential renewed ('' for a first application). */
  renews?: string;
}

export const kib = (bytes: number) => `${Math.max(1, Math.floor(bytes / 1024))} Kio`;

/** One sentence saying who decides, and how many concordant verdicts it takes. */
export function policyText(v: View, badge: Pick<Badge, 'settings' | 'organizationName'>): string {
  const policy = reviewPolicyOf(badge.settings);
  if (policy.mode === 'staff') return v.t('applications.policy.text.staff', { organization: badge.organizationName });
  if (policy.mode === 'committee') return v.t('applications.policy.text.committee', { members: policy.committee.length, quorum: policy.quorum });
  return v.t('applications.policy.text.holders', { quorum: policy.quorum });
}

function evidenceText(v: View, badge: Pick<Badge, 'settings'>, key: 'applications.page.evidenceRules' | 'applications.field.filesHint'): string {
  const rules = badge.settings.evidence;
  if (!rules) return v.t('applications.page.noFiles');
  return v.t(key, { types: rules.types.join(', '), count: rules.maxCount ?? DEFAULT_MAX_FILES, size: kib(rules.maxBytes ?? DEFAULT_MAX_FILE_BYTES) });
}

/** On the badge page: how it is decided, what evidence it takes, the link to apply (or to my open application). */
export function ApplySection(props: { v: View; badge: Badge; baseUrl: string; open: { id: string } | null; network?: string | undefined }) {
  const { v, badge } = props;
  if (badge.status !== 'published') return null;
  // A network's participant badge is requested from the network's page, with mapping proposals.
  const link = props.network ? `${props.baseUrl}/networks/${encodeURIComponent(props.network)}#join` : `${props.baseUrl}${applyPath(badge.publicId)}`;
  return (
    <section class="card" aria-labelledby="apply-heading">
      <h2 id="apply-heading" style="margin-top:0">
        {v.t('applications.page.howDecided')}
      </h2>
      <p id="review-policy">{policyText(v, badge)}</p>
      <p>{evidenceText(v, badge, 'applications.page.evidenceRules')}</p>
      <p>
        {props.open ? (
          <a class="button" href={applicationPath(props.open.id)}>
            {v.t('applications.page.openApplication')}
          </a>
        ) : props.network ? (
          <a class="button" href={`/networks/${encodeURIComponent(props.network)}#join`}>
            {v.t('networks.join.title')}
          </a>
        ) : (
          <a class="button" href={applyPath(badge.publicId)}>
            {v.t('applications.page.apply')}
          </a>
        )}
      </p>
      <div class="field">
        <label for="apply-link">{v.t('applications.page.applyLink')}</label>
        <input id="apply-link" type="text" readOnly value={link} />
      </div>
    </section>
  );
}

export function ApplicationForm(props: {
  v: View;
  badge: Badge;
  action: string;
  values: ApplyFormValues;
  errors?: FormErrors | undefined;
  organizations: { slug: string; name: string }[];
  addresses: string[];
  /** Editing a draft: who it is for is settled. */
  editing?: boolean;
  /** Credentials of this badge the applicant holds: the application may renew one. */
  renewable?: Renewable[];
}) {
  const { v, badge, values, errors } = props;
  const levels = levelNames(badge);
  const checklist = badge.settings.checklist;
  const rules = badge.settings.evidence;
  const applyAs = values.apply_as || 'me';
  const ticked = new Set(values.checklist ?? []);
  const renewable = props.editing ? [] : (props.renewable ?? []);
  const renews = values.renews ?? renewable[0]?.id ?? '';
  return (
    <Form v={v} action={props.action} multipart>
      {renewable.length > 0 && (
        <fieldset id="f-renews">
          <legend>{v.t('applications.renewal.title')}</legend>
          {errors?.renews && <p class="field-error">{errors.renews}</p>}
          {badge.settings.renewal?.higherLevel && <p class="hint">{v.t('applications.renewal.higherLevel')}</p>}
          {badge.settings.renewal?.requirement && <p class="hint">{v.t('applications.renewal.requirement', { text: badge.settings.renewal.requirement })}</p>}
          {renewable.map((c) => (
            <div class="check" key={c.id}>
              <input type="radio" id={`f-renews-${c.id}`} name="renews" value={c.id} checked={renews === c.id} />
              <label for={`f-renews-${c.id}`}>
                {v.t('applications.renewal.option', {
                  date: formatDate(v.locale, c.validFrom),
                  level: c.level ? ` (${c.level})` : '',
                  until: c.validUntil ? formatDate(v.locale, c.validUntil) : '—',
                })}
              </label>
            </div>
          ))}
          <div class="check">
            <input type="radio" id="f-renews-none" name="renews" value="" checked={renews === ''} />
            <label for="f-renews-none">{v.t('applications.renewal.none')}</label>
          </div>
        </fieldset>
      )}
      {!props.editing && props.organizations.length > 0 && (
        <fieldset>
          <legend>{v.t('applications.field.applyAs')}</legend>
          <div class="check">
            <input type="radio" id="f-apply_as-me" name="apply_as" value="me" checked={applyAs === 'me'} />
            <label for="f-apply_as-me">{v.t('applications.field.applyAsMe')}</label>
          </div>
          {props.organizations.map((o) => (
            <div class="check" key={o.slug}>
              <input type="radio" id={`f-apply_as-${o.slug}`} name="apply_as" value={o.slug} checked={applyAs === o.slug} />
              <label for={`f-apply_as-${o.slug}`}>{v.t('applications.field.applyAsOrg', { name: o.name })}</label>
            </div>
          ))}
        </fieldset>
      )}
      {props.addresses.length > 1 && (
        <Select
          v={v}
          name="email"
          label={v.t('applications.field.email')}
          options={props.addresses.map((a) => ({ value: a, label: a }))}
          value={values.email}
          errors={errors}
        />
      )}
      <Field v={v} name="narrative" label={v.t('applications.field.narrative')} hint={v.t('applications.field.narrativeHint')} multiline value={values.narrative} errors={errors} required />
      <Field v={v} name="links" label={v.t('applications.field.links')} hint={v.t('applications.field.linksHint')} multiline value={values.links} errors={errors} />
      {rules && (
        <div class={errors?.files ? 'field has-error' : 'field'}>
          <label for="f-files">{v.t('applications.field.files')}</label>
          <p class="hint" id="f-files-hint">
            {evidenceText(v, badge, 'applications.field.filesHint')}
          </p>
          {errors?.files && (
            <p class="field-error" id="f-files-error">
              {errors.files} {v.t('applications.field.filesAgain')}
            </p>
          )}
          <input
            type="file"
            id="f-files"
            name="files"
            multiple
            accept={rules.types.join(',')}
            aria-describedby={errors?.files ? 'f-files-hint f-files-error' : 'f-files-hint'}
            aria-invalid={errors?.files ? 'true' : undefined}
          />
        </div>
      )}
      {checklist && checklist.items.length > 0 && (
        <fieldset>
          <legend>{v.t('applications.field.checklist')}</legend>
          {checklist.items.map((item, i) => (
            <div class="check" key={i}>
              <input type="checkbox" id={`f-checklist-${i}`} name="checklist" value={String(i)} checked={ticked.has(String(i))} />
              <label for={`f-checklist-${i}`}>{item}</label>
            </div>
          ))}
        </fieldset>
      )}
      {levels.length > 0 && (
        <Select
          v={v}
          name="level"
          label={v.t('applications.field.level')}
          options={[{ value: '', label: v.t('applications.field.noLevel') }, ...levels.map((l) => ({ value: l, label: l }))]}
          value={values.level}
          errors={errors}
        />
      )}
      <p class="actions">
        <button type="submit" name="submit" value="true" class="button">
          {v.t('applications.action.submit')}
        </button>{' '}
        <button type="submit" name="submit" value="false" class="button secondary">
          {v.t('applications.action.saveDraft')}
        </button>
      </p>
    </Form>
  );
}

export function ApplyPage(props: {
  v: View;
  badge: Badge;
  values?: ApplyFormValues;
  errors?: FormErrors | undefined;
  message?: string | undefined;
  organizations: { slug: string; name: string }[];
  addresses: string[];
  renewable: Renewable[];
}) {
  const { v, badge } = props;
  const name = textsIn(badge.achievement, v.locale).name;
  return (
    <Layout v={v} title={v.t('applications.page.applyTitle', { badge: name })}>
      <h1>{v.t('applications.page.applyTitle', { badge: name })}</h1>
      <ErrorSummary v={v} errors={props.errors} message={props.message} />
      <p>{policyText(v, badge)}</p>
      <ApplicationForm
        v={v}
        badge={badge}
        action={applyPath(badge.publicId)}
        values={props.values ?? {}}
        errors={props.errors}
        organizations={props.organizations}
        addresses={props.addresses}
        renewable={props.renewable}
      />
    </Layout>
  );
}
