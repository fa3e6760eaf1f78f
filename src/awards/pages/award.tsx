// The award form ("Attribuer"): on the badge's page (BadgeAwardSection, for the organisation's staff)
// and on its own page, where it comes back with the errors next to the fields.
import type { Badge } from '../../badges/badges';
import { textsIn } from '../../badges/badges';
import { Select } from '../../badges/pages/common';
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';

export interface AwardFormValues {
  recipient_kind?: string;
  email?: string;
  organization?: string;
  name?: string;
  narrative?: string;
  level?: string;
  evidence?: string;
  valid_until?: string;
}

export const AWARD_FIELDS = ['recipient_kind', 'email', 'organization', 'name', 'narrative', 'level', 'evidence', 'valid_until'] as const;

/** Names of the badge's levels (all its rubric levels), offered in a select. */
export function levelNames(badge: Pick<Badge, 'achievement'>): string[] {
  return (badge.achievement.resultDescription ?? []).flatMap((rd) => (rd.rubricCriterionLevel ?? []).map((l) => l.name));
}

export function AwardForm(props: { v: View; badge: Badge; values?: AwardFormValues; errors?: FormErrors | undefined }) {
  const { v, badge } = props;
  const values = props.values ?? {};
  const kind = values.recipient_kind === 'organization' ? 'organization' : 'email';
  const levels = levelNames(badge);
  const action = `/badges/${encodeURIComponent(badge.publicId)}/award`;
  return (
    <Form v={v} action={action}>
      <fieldset>
        <legend>{v.t('awards.form.recipientKind')}</legend>
        {(['email', 'organization'] as const).map((k) => (
          <div class="check" key={k}>
            <input type="radio" id={`f-recipient_kind-${k}`} name="recipient_kind" value={k} checked={kind === k} />
            <label for={`f-recipient_kind-${k}`}>{v.t(`awards.form.kind.${k}`)}</label>
          </div>
        ))}
      </fieldset>
      <Field v={v} name="email" type="email" label={v.t('awards.form.email')} hint={v.t('awards.form.emailHint')} value={values.email} errors={props.errors} autocomplete="off" />
      <Field v={v} name="organization" label={v.t('awards.form.organization')} hint={v.t('awards.form.organizationHint')} value={values.organization} errors={props.errors} />
      <Field v={v} name="name" label={v.t('awards.form.name')} hint={v.t('awards.form.nameHint')} value={values.name} errors={props.errors} />
      {levels.length > 0 && (
        <Select
          v={v}
          name="level"
          label={v.t('awards.form.level')}
          options={[{ value: '', label: v.t('awards.form.noLevel') }, ...levels.map((l) => ({ value: l, label: l }))]}
          value={values.level}
          errors={props.errors}
        />
      )}
      <Field v={v} name="narrative" label={v.t('awards.form.narrative')} hint={v.t('awards.form.narrativeHint')} multiline value={values.narrative} errors={props.errors} />
      <Field v={v} name="evidence" label={v.t('awards.form.evidence')} hint={v.t('awards.form.evidenceHint')} value={values.evidence} errors={props.errors} />
      <Field
        v={v}
        name="valid_until"
        type="date"
        label={v.t('awards.form.validUntil')}
        hint={badge.settings.validity ? v.t('awards.form.validUntilDefault') : v.t('awards.form.validUntilNone')}
        value={values.valid_until}
        errors={props.errors}
      />
      <Submit>{v.t('awards.form.submit')}</Submit>
    </Form>
  );
}

/** What the badge page shows the organisation's staff: the award form (folded) and the awarded list. */
export function BadgeAwardSection(props: { v: View; badge: Badge }) {
  const { v, badge } = props;
  return (
    <section class="card" aria-labelledby="award-heading">
      <h2 id="award-heading" style="margin-top:0">
        {v.t('awards.form.heading')}
      </h2>
      {badge.status === 'published' ? (
        <details>
          <summary>{v.t('awards.form.open')}</summary>
          <AwardForm v={v} badge={badge} />
        </details>
      ) : (
        <p class="muted">{v.t('awards.notAwardable')}</p>
      )}
      <p>
        <a href={`/badges/${encodeURIComponent(badge.publicId)}/credentials`}>{v.t('awards.page.allAwarded')}</a>
      </p>
    </section>
  );
}

export function AwardPage(props: { v: View; badge: Badge; values?: AwardFormValues; errors?: FormErrors | undefined; message?: string | undefined }) {
  const { v, badge } = props;
  const name = textsIn(badge.achievement, v.locale).name;
  return (
    <Layout v={v} title={v.t('awards.form.title', { badge: name })}>
      <h1>{v.t('awards.form.title', { badge: name })}</h1>
      <p>
        <a href={`/badges/${encodeURIComponent(badge.publicId)}`}>{v.t('awards.form.back')}</a>
      </p>
      <ErrorSummary v={v} errors={props.errors} message={props.message} />
      <AwardForm v={v} badge={badge} values={props.values ?? {}} errors={props.errors} />
    </Layout>
  );
}
