// The badge design form (creation and edition): texts in French and English, criteria and checklist,
// levels, validity, tags, alignments, type, evidence rules, image. Works without JavaScript.
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';
import { ACHIEVEMENT_TYPES, type Badge } from '../badges';
import { badgePath } from '../document';
import { type BadgeFormValues, EVIDENCE_TYPES, type RuleChoice } from '../forms';
import { BadgeImage, Select } from './common';

export function BadgeFormPage(props: {
  v: View;
  org: { slug: string; name: string };
  badge?: Badge | undefined;
  values: BadgeFormValues;
  errors?: FormErrors | undefined;
  maxUploadKb: number;
  /** Badges that may be parts of this badge's award rule. */
  ruleChoices: RuleChoice[];
}) {
  const { v, badge, values, errors } = props;
  const title = badge ? v.t('badges.edit.title', { name: badge.achievement.name }) : v.t('badges.new.title', { name: props.org.name });
  const action = badge ? badgePath(badge.publicId, '/edit') : `/organizations/${encodeURIComponent(props.org.slug)}/badges`;
  const main = badge?.achievement.inLanguage ?? 'fr';
  const f = (name: keyof BadgeFormValues) => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const texts = (locale: 'fr' | 'en') => (
    <fieldset lang={locale} class="stack">
      <legend>{v.t(`badges.form.texts.${locale}`)}</legend>
      {locale !== main && <p class="hint">{v.t('badges.form.translationHint')}</p>}
      <Field v={v} name={`name_${locale}`} label={v.t('badges.field.name')} value={f(`name_${locale}`)} errors={errors} required={locale === main} />
      <Field v={v} name={`description_${locale}`} label={v.t('badges.field.description')} hint={v.t('badges.field.description.hint')} value={f(`description_${locale}`)} errors={errors} required={locale === main} multiline />
      <Field v={v} name={`criteria_${locale}`} label={v.t('badges.field.criteria')} hint={v.t('badges.field.criteria.hint')} value={f(`criteria_${locale}`)} errors={errors} required={locale === main} multiline />
    </fieldset>
  );
  return (
    <Layout v={v} title={title}>
      <p>
        <a href={badge ? badgePath(badge.publicId) : `/organizations/${encodeURIComponent(props.org.slug)}/badges`}>{v.t('badges.form.back')}</a>
      </p>
      <h1>{title}</h1>
      {badge && badge.status !== 'draft' && <p class="callout card">{v.t('badges.edit.newVersion', { version: badge.version + 1 })}</p>}
      <ErrorSummary v={v} errors={errors} />
      <Form v={v} action={action} multipart>
        {texts(main)}
        {texts(main === 'fr' ? 'en' : 'fr')}
        <fieldset class="stack">
          <legend>{v.t('badges.form.criteria')}</legend>
          <Field v={v} name="checklist" label={v.t('badges.field.checklist')} hint={v.t('badges.field.checklist.hint')} value={f('checklist')} errors={errors} multiline />
          <Field v={v} name="threshold" type="number" label={v.t('badges.field.threshold')} hint={v.t('badges.field.threshold.hint')} value={f('threshold')} errors={errors} />
          <Field v={v} name="levels" label={v.t('badges.field.levels')} hint={v.t('badges.field.levels.hint')} value={f('levels')} errors={errors} multiline />
        </fieldset>
        <fieldset class="stack">
          <legend>{v.t('badges.form.validity')}</legend>
          <Field v={v} name="validity_value" type="number" label={v.t('badges.field.validity')} hint={v.t('badges.field.validity.hint')} value={f('validity_value')} errors={errors} />
          <Select
            v={v}
            name="validity_unit"
            label={v.t('badges.field.validityUnit')}
            value={f('validity_unit') || 'years'}
            options={[
              { value: 'years', label: v.t('badges.unit.years') },
              { value: 'months', label: v.t('badges.unit.months') },
            ]}
          />
        </fieldset>
        <fieldset class="stack">
          <legend>{v.t('badges.form.classification')}</legend>
          <Select
            v={v}
            name="achievementType"
            label={v.t('badges.field.achievementType')}
            hint={v.t('badges.field.achievementType.hint')}
            value={f('achievementType')}
            errors={errors}
            options={[{ value: '', label: v.t('badges.field.achievementType.none') }, ...ACHIEVEMENT_TYPES.map((t) => ({ value: t, label: t }))]}
          />
          <Field v={v} name="tags" label={v.t('badges.field.tags')} hint={v.t('badges.field.tags.hint')} value={f('tags')} errors={errors} />
          <Field v={v} name="alignments" label={v.t('badges.field.alignments')} hint={v.t('badges.field.alignments.hint')} value={f('alignments')} errors={errors} multiline />
        </fieldset>
        <fieldset class="stack" id="f-evidence_types" aria-describedby={errors?.evidence_types ? 'f-evidence_types-error' : undefined}>
          <legend>{v.t('badges.form.evidence')}</legend>
          <p class="hint">{v.t('badges.form.evidence.hint')}</p>
          {errors?.evidence_types && (
            <p class="field-error" id="f-evidence_types-error">
              {errors.evidence_types}
            </p>
          )}
          {EVIDENCE_TYPES.map((type, i) => (
            <div class="check" key={type}>
              <input type="checkbox" id={`f-evidence-${i}`} name="evidence_types" value={type} checked={(values.evidence_types ?? []).includes(type)} />
              <label for={`f-evidence-${i}`}>{v.t(`badges.evidenceType.${i}` as 'badges.evidenceType.0')}</label>
            </div>
          ))}
          <Field v={v} name="evidence_max_kb" type="number" label={v.t('badges.field.evidenceMaxKb')} hint={v.t('badges.field.evidenceMaxKb.hint', { max: props.maxUploadKb })} value={f('evidence_max_kb')} errors={errors} />
          <Field v={v} name="evidence_max_count" type="number" label={v.t('badges.field.evidenceMaxCount')} value={f('evidence_max_count')} errors={errors} />
        </fieldset>
        <fieldset class="stack">
          <legend>{v.t('badges.form.renewal')}</legend>
          <div class="check">
            <input type="checkbox" id="f-renewal_higher" name="renewal_higher" value="true" checked={values.renewal_higher === 'true'} />
            <label for="f-renewal_higher">{v.t('badges.field.renewalHigher')}</label>
          </div>
          <Field v={v} name="renewal_requirement" label={v.t('badges.field.renewalRequirement')} hint={v.t('badges.field.renewalRequirement.hint')} value={f('renewal_requirement')} errors={errors} multiline />
        </fieldset>
        <fieldset class="stack" id="f-review_mode">
          <legend>{v.t('badges.form.review')}</legend>
          <p class="hint">{v.t('badges.form.review.hint')}</p>
          {errors?.review_mode && <p class="field-error">{errors.review_mode}</p>}
          {(['staff', 'committee', 'holders'] as const).map((mode) => (
            <div class="check" key={mode}>
              <input type="radio" id={`f-review_mode-${mode}`} name="review_mode" value={mode} checked={(values.review_mode || 'staff') === mode} />
              <label for={`f-review_mode-${mode}`}>{v.t(`badges.review.mode.${mode}`)}</label>
            </div>
          ))}
          <Field v={v} name="review_quorum" type="number" label={v.t('badges.field.reviewQuorum')} hint={v.t('badges.field.reviewQuorum.hint')} value={f('review_quorum')} errors={errors} />
          <Field v={v} name="review_committee" label={v.t('badges.field.reviewCommittee')} hint={v.t('badges.field.reviewCommittee.hint')} value={f('review_committee')} errors={errors} multiline />
        </fieldset>
        <fieldset class="stack" id="f-rule_mandatory">
          <legend>{v.t('rules.field.title')}</legend>
          <p class="hint">{v.t('rules.field.hint')}</p>
          {errors?.rule_mandatory && <p class="field-error">{errors.rule_mandatory}</p>}
          {props.ruleChoices.length === 0 ? (
            <p class="hint">{v.t('rules.field.none')}</p>
          ) : (
            <>
              <RuleChoices v={v} name="rule_mandatory" legend={v.t('rules.field.mandatory')} choices={props.ruleChoices} checked={values.rule_mandatory ?? []} />
              <RuleChoices v={v} name="rule_group" legend={v.t('rules.field.groupBadges')} choices={props.ruleChoices} checked={values.rule_group ?? []} error={errors?.rule_group} />
              <Field v={v} name="rule_group_count" type="number" label={v.t('rules.field.groupCount')} value={f('rule_group_count')} errors={errors} />
              <Field v={v} name="rule_total" type="number" label={v.t('rules.field.total')} value={f('rule_total')} errors={errors} />
            </>
          )}
        </fieldset>
        <fieldset class="stack">
          <legend>{v.t('badges.form.image')}</legend>
          {badge?.imageType && (
            <p>
              <BadgeImage badge={badge} size={96} alt={v.t('badges.form.currentImage')} />
            </p>
          )}
          <Field v={v} name="image" type="file" accept="image/png,image/svg+xml,image/jpeg,image/webp" label={v.t('badges.field.image')} hint={v.t('badges.field.image.hint', { max: props.maxUploadKb })} errors={errors} />
          <Field v={v} name="image_caption" label={v.t('badges.field.imageCaption')} hint={v.t('badges.field.imageCaption.hint')} value={f('image_caption')} errors={errors} />
        </fieldset>
        <Submit>{badge ? v.t('badges.edit.submit') : v.t('badges.new.submit')}</Submit>
      </Form>
    </Layout>
  );
}

function RuleChoices(props: { v: View; name: string; legend: string; choices: RuleChoice[]; checked: string[]; error?: string | undefined }) {
  return (
    <fieldset class="stack" id={`f-${props.name}`}>
      <legend>{props.legend}</legend>
      {props.error && <p class="field-error">{props.error}</p>}
      {props.choices.map((c, i) => (
        <div class="check" key={c.id}>
          <input type="checkbox" id={`f-${props.name}-${i}`} name={props.name} value={c.id} checked={props.checked.includes(c.id)} />
          <label for={`f-${props.name}-${i}`}>{c.name}</label>
        </div>
      ))}
    </fieldset>
  );
}
