// A pathway's page: each step with its badges (ticked when held), what it requires, and its state
// for the signed-in earner; "what comes next" at the top.
import { badgePath } from '../../badges/document';
import { Paragraphs } from '../../badges/pages/common';
import { Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import { type PathwayProgress, stepRequires } from '../pathways';
import type { Pathway } from '../pathways.service';

export function PathwayPage(props: {
  v: View;
  pathway: Pathway;
  names: Map<string, string>;
  progress: PathwayProgress | null;
  /** Organisations the viewer designs for, that may copy this template. */
  copyTo?: { slug: string; name: string }[];
  /** The viewer designs for its organisation and it is a draft. */
  mayPublish?: boolean;
}) {
  const { v, pathway, names, progress } = props;
  const stepName = (i: number) => v.t('pathways.page.step', { n: i + 1, name: pathway.steps[i]?.name ?? '' });
  const done = progress?.steps.filter((s) => s.state === 'done').length ?? 0;
  return (
    <Layout v={v} title={pathway.name}>
      <article class="card">
        <h1 style="margin-top:0">{pathway.name}</h1>
        <p>
          {v.t('pathways.page.by', { organization: '' })}
          <a href={`/organizations/${encodeURIComponent(pathway.organizationSlug)}`}>{pathway.organizationName}</a>
        </p>
        {pathway.description && <Paragraphs text={pathway.description} />}
        {pathway.template && <p class="tag">{v.t('pathways.page.template')}</p>}
        {pathway.status === 'draft' && <p class="tag">{v.t('pathways.page.draft')}</p>}
        {pathway.source && (
          <p class="muted">
            {v.t('pathways.page.copiedFrom')}
            <a href={`/pathways/${encodeURIComponent(pathway.source.id)}`}>{pathway.source.name}</a> ({pathway.source.organizationName})
          </p>
        )}
        {props.mayPublish && (
          <Form v={v} action={`/pathways/${encodeURIComponent(pathway.id)}/publish`} class="inline">
            <Submit>{v.t('pathways.page.publish')}</Submit>
          </Form>
        )}
        <p role="status" id="pathway-progress" class={progress?.complete ? 'flash' : undefined}>
          {!progress
            ? v.t('pathways.page.signIn')
            : progress.complete
              ? v.t('pathways.page.complete')
              : `${v.t('pathways.page.progress', { done, total: pathway.steps.length })} ${v.t('pathways.page.next', { steps: progress.next.map(stepName).join(', ') })}`}
        </p>
      </article>
      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">{v.t('pathways.page.steps')}</h2>
        <ol class="stack" style="list-style:none;padding:0">
          {pathway.steps.map((step, i) => {
            const state = progress?.steps[i];
            const requires = stepRequires(step, i);
            const needed = step.count ?? new Set(step.badges).size;
            return (
              <li key={i} class="card" id={`step-${i + 1}`}>
                <h3 style="margin-top:0">
                  {stepName(i)}
                  {state && <span class="tag"> {v.t(`pathways.page.state.${state.state}`)}</span>}
                </h3>
                <p class="muted">
                  {needed >= new Set(step.badges).size ? v.t('pathways.page.needed.all') : v.t('pathways.page.needed.some', { count: needed })}
                  {requires.length > 0 && <> {v.t('pathways.page.requires', { steps: requires.map(stepName).join(', ') })}</>}
                </p>
                <ul>
                  {step.badges.map((id) => (
                    <li key={id}>
                      <a href={badgePath(id)}>{names.get(id) ?? id}</a>
                      {state?.held.includes(id) && <strong> ✓ {v.t('pathways.page.held')}</strong>}
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ol>
      </section>
      {props.copyTo && props.copyTo.length > 0 && (
        <section class="card" aria-labelledby="copy-heading" id="copy">
          <h2 id="copy-heading" style="margin-top:0">
            {v.t('pathways.copy.title')}
          </h2>
          <p class="muted">{v.t('pathways.copy.hint')}</p>
          <Form v={v} action={`/pathways/${encodeURIComponent(pathway.id)}/copy`}>
            <div class="field">
              <label for="f-organization">{v.t('pathways.copy.organization')}</label>
              <select id="f-organization" name="organization">
                {props.copyTo.map((o) => (
                  <option key={o.slug} value={o.slug}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
            <Submit>{v.t('pathways.copy.submit')}</Submit>
          </Form>
        </section>
      )}
    </Layout>
  );
}
