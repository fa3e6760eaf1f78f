// An application's page: what was asked and shown, its status; for the applicant the draft form,
// submit and withdraw; for an examiner who may vote, the verdict form; the verdicts as the viewer
// may see them (the applicant: once decided, without names).
import type { ComponentChildren } from 'preact';
import { ActionButton } from '../../badges/pages/common';
import { formatDate } from '../../organizations/pages/common';
import { ErrorSummary, Field, Form } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';
import { applicationPath, applyPath, evidenceFilePath } from '../applications';
import type { ApplicationView } from '../access.service';
import { ApplicationForm, type ApplyFormValues, kib, policyText } from './apply';

export function StatusText(props: { v: View; status: ApplicationView['application']['status'] }) {
  return <strong class={`application-status status-${props.status}`}>{props.v.t(`applications.status.${props.status}`)}</strong>;
}

export interface VoteFormValues {
  verdict?: string;
  comment?: string;
  criteriaMet?: string[];
}

export function ApplicationPage(props: {
  v: View;
  view: ApplicationView;
  /** The draft form's values and errors (applicant), or the vote form's (examiner). */
  draft?: { values: ApplyFormValues; errors?: FormErrors | undefined; addresses: string[] };
  vote?: { values: VoteFormValues; errors?: FormErrors | undefined };
  message?: string | undefined;
  /** What other modules show with the application (a network's mapping proposals). */
  extra?: ComponentChildren;
}) {
  const { v, view } = props;
  const a = view.application;
  const checklist = view.badge.settings.checklist;
  const isApplicant = view.viewer.includes('applicant');
  const decided = a.status === 'accepted' || a.status === 'refused';
  const title = v.t('applications.page.title', { badge: a.badge.name });
  const editing = isApplicant && a.status === 'draft';
  return (
    <Layout v={v} title={title}>
      <h1>{title}</h1>
      {v.flash && (
        <p class="flash" role="status">
          {v.flash}
        </p>
      )}
      <ErrorSummary v={v} errors={props.draft?.errors ?? props.vote?.errors} message={props.message} />
      <p>
        {v.t('applications.page.status')} : <StatusText v={v} status={a.status} />
        {a.submittedAt && <> · {v.t('applications.page.submittedAt', { date: formatDate(v.locale, a.submittedAt) })}</>}
        {a.decidedAt && <> · {v.t('applications.page.decidedAt', { date: formatDate(v.locale, a.decidedAt) })}</>}
      </p>
      <p>
        {v.t('applications.page.applicant')} : {a.organization ? v.t('applications.onBehalf', { name: a.applicant.name, organization: a.organization.name }) : a.applicant.name}
        {' · '}
        <a href={`/badges/${encodeURIComponent(a.badge.id)}`}>{a.badge.name}</a> ({a.badge.organizationName})
      </p>
      <p class="muted">{policyText(v, view.badge)}</p>
      {props.extra}
      {a.renews && (
        <div class="callout card" id="renewal">
          <p>
            <a href={`/credentials/${encodeURIComponent(a.renews.id)}`}>
              {v.t('applications.renewal.of', { date: formatDate(v.locale, a.renews.validFrom), level: a.renews.level ? ` (${a.renews.level})` : '' })}
            </a>
          </p>
          {view.badge.settings.renewal?.higherLevel && <p>{v.t('applications.renewal.higherLevel')}</p>}
          {view.badge.settings.renewal?.requirement && <p>{v.t('applications.renewal.requirement', { text: view.badge.settings.renewal.requirement })}</p>}
        </div>
      )}
      {a.credentialId && (
        <p>
          <a class="button" href={`/credentials/${encodeURIComponent(a.credentialId)}`}>
            {v.t('applications.page.credential')}
          </a>
        </p>
      )}
      {isApplicant && (a.status === 'refused' || a.status === 'withdrawn') && (
        <p>
          <a class="button secondary" href={applyPath(a.badge.id)}>
            {v.t('applications.page.applyAgain')}
          </a>
        </p>
      )}

      {editing && props.draft ? (
        <section class="card" aria-labelledby="draft-heading">
          <h2 id="draft-heading" style="margin-top:0">
            {v.t('applications.page.editTitle', { badge: a.badge.name })}
          </h2>
          <ApplicationForm
            v={v}
            badge={view.badge}
            action={applicationPath(a.id, '/edit')}
            values={props.draft.values}
            errors={props.draft.errors}
            organizations={[]}
            addresses={a.organization ? [] : props.draft.addresses}
            editing
          />
        </section>
      ) : (
        <section class="card" aria-labelledby="narrative-heading">
          <h2 id="narrative-heading" style="margin-top:0">
            {v.t('applications.page.narrative')}
          </h2>
          {a.narrative.split(/\n{2,}/).map((p, i) => (
            <p key={i}>{p}</p>
          ))}
          {a.level && <p>{v.t('applications.page.level', { level: a.level })}</p>}
          {a.links.length > 0 && (
            <>
              <h3>{v.t('applications.page.links')}</h3>
              <ul>
                {a.links.map((l) => (
                  <li key={l}>
                    <a href={l} rel="noopener noreferrer nofollow">
                      {l}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
          {checklist && a.checklist.length > 0 && (
            <>
              <h3>{v.t('applications.page.selfAssessment')}</h3>
              <ul>
                {a.checklist.map((i) => (
                  <li key={i}>{checklist.items[i]}</li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}

      {a.files.length > 0 && (
        <section class="card" aria-labelledby="files-heading">
          <h2 id="files-heading" style="margin-top:0">
            {v.t('applications.page.files')}
          </h2>
          <ul>
            {a.files.map((f) => (
              <li key={f.id}>
                <a href={evidenceFilePath(a.id, f.id)} download>
                  {f.filename}
                </a>{' '}
                <span class="muted small">
                  ({f.mediaType}, {kib(f.size)})
                </span>
                {editing && <ActionButton v={v} action={evidenceFilePath(a.id, f.id) + '/delete'} label={v.t('applications.action.removeFile')} />}
              </li>
            ))}
          </ul>
        </section>
      )}

      {isApplicant && (a.status === 'draft' || a.status === 'pending') && (
        <p class="actions">
          <ActionButton v={v} action={applicationPath(a.id, '/withdraw')} label={v.t('applications.action.withdraw')} />
        </p>
      )}

      {view.mayVote && (
        <section class="card" aria-labelledby="vote-heading">
          <h2 id="vote-heading" style="margin-top:0">
            {v.t('applications.vote.heading')}
          </h2>
          <Form v={v} action={applicationPath(a.id, '/verdicts')}>
            <fieldset id="f-verdict" aria-describedby={props.vote?.errors?.verdict ? 'f-verdict-error' : undefined}>
              <legend>{v.t('applications.vote.verdict')}</legend>
              {props.vote?.errors?.verdict && (
                <p class="field-error" id="f-verdict-error">
                  {props.vote.errors.verdict}
                </p>
              )}
              {(['yes', 'no'] as const).map((k) => (
                <div class="check" key={k}>
                  <input type="radio" id={`f-verdict-${k}`} name="verdict" value={k} checked={props.vote?.values.verdict === k} />
                  <label for={`f-verdict-${k}`}>{v.t(`applications.vote.${k}`)}</label>
                </div>
              ))}
            </fieldset>
            {checklist && checklist.items.length > 0 && (
              <fieldset id="f-criteriaMet" aria-describedby={props.vote?.errors?.criteriaMet ? 'f-criteriaMet-error' : undefined}>
                <legend>{v.t('applications.vote.criteria')}</legend>
                {props.vote?.errors?.criteriaMet && (
                  <p class="field-error" id="f-criteriaMet-error">
                    {props.vote.errors.criteriaMet}
                  </p>
                )}
                {checklist.items.map((item, i) => (
                  <div class="check" key={i}>
                    <input type="checkbox" id={`f-criteriaMet-${i}`} name="criteriaMet" value={String(i)} checked={(props.vote?.values.criteriaMet ?? []).includes(String(i))} />
                    <label for={`f-criteriaMet-${i}`}>{item}</label>
                  </div>
                ))}
              </fieldset>
            )}
            <Field v={v} name="comment" label={v.t('applications.vote.comment')} hint={v.t('applications.vote.commentHint')} multiline value={props.vote?.values.comment} errors={props.vote?.errors} />
            <p>
              <button type="submit" class="button">
                {v.t('applications.vote.submit')}
              </button>
            </p>
          </Form>
        </section>
      )}
      {view.hasVoted && a.status === 'pending' && <p>{v.t('applications.vote.done')}</p>}

      {a.status !== 'draft' && (
        <section class="card" aria-labelledby="verdicts-heading">
          <h2 id="verdicts-heading" style="margin-top:0">
            {v.t('applications.page.verdicts')}
          </h2>
          {!decided && <p>{v.t('applications.page.verdictCount', { count: view.verdictCount })}</p>}
          {isApplicant && !decided && !view.viewer.includes('staff') && <p class="muted">{v.t('applications.page.verdictsHidden')}</p>}
          {view.verdicts.length === 0 && decided && <p>{v.t('applications.page.noVerdict')}</p>}
          {view.verdicts.length > 0 && (
            <ol id="verdicts">
              {view.verdicts.map((x, i) => (
                <li key={i}>
                  <strong>{v.t(x.verdict === 'yes' ? 'applications.verdict.yes' : 'applications.verdict.no')}</strong>
                  {' — '}
                  {x.examiner ? x.examiner.name : v.t('applications.page.examinerAnon')}
                  {x.comment && <> : « {x.comment} »</>}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
      <p>
        <a href={isApplicant ? '/applications' : '/reviews'}>{v.t(isApplicant ? 'applications.list.mine' : 'applications.list.reviews')}</a>
      </p>
    </Layout>
  );
}
