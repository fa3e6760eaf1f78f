// On a credential's page: the endorsements people gave it (open recognition) — for its earner,
// each with show/hide — and, for anyone else signed in, the form to endorse it.
import { formatDate } from '../../organizations/pages/common';
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import type { FormErrors, View } from '../../web/view';
import { type ShownEndorsement, endorsementPath } from '../endorsements';

export interface RecognitionProps {
  v: View;
  credentialId: string;
  items: ShownEndorsement[];
  earner: boolean;
  mayEndorse: boolean;
  /** The viewer's own endorsement of it (shown or not), which they may withdraw. */
  mine: string | null;
  comment?: string | undefined;
  errors?: FormErrors | undefined;
  message?: string | undefined;
}

export function RecognitionSection(props: RecognitionProps) {
  const { v, items } = props;
  if (items.length === 0 && !props.mayEndorse && !props.mine) return null;
  return (
    <section class="card" aria-labelledby="endorsements-heading" id="endorsements">
      <h2 id="endorsements-heading" style="margin-top:0">
        {v.t('networks.endorsements.title')}
      </h2>
      {props.earner && items.length > 0 && <p class="muted">{v.t('networks.recognition.choose')}</p>}
      {items.length > 0 && (
        <ul class="stack" style="list-style:none;padding:0">
          {items.map((e) => (
            <li key={e.id}>
              <p style="margin:0">
                {v.t('networks.endorsements.by')}
                <strong>{e.endorser.name}</strong>
                <span class="muted"> — {formatDate(v.locale, e.issuedAt)}</span>
                {props.earner && !e.displayed && <span class="tag"> {v.t('networks.recognition.hidden')}</span>}
              </p>
              {e.comment && <blockquote style="margin:0.25rem 0">{e.comment}</blockquote>}
              <a href={endorsementPath(e.id)}>{v.t('networks.endorsements.signed')}</a>
              {props.earner && (
                <Form v={v} action={`${endorsementPath(e.id)}/${e.displayed ? 'hide' : 'show'}`} class="inline">
                  <Submit secondary>{v.t(e.displayed ? 'networks.recognition.hide' : 'networks.recognition.show')}</Submit>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.mine && (
        <Form v={v} action={`${endorsementPath(props.mine)}/withdraw`} class="inline">
          <p style="margin:0">{v.t('networks.recognition.mine')}</p>
          <Submit secondary>{v.t('networks.endorsements.withdraw')}</Submit>
        </Form>
      )}
      {props.mayEndorse && (
        <>
          <h3>{v.t('networks.recognition.form')}</h3>
          <p class="muted">{v.t('networks.recognition.hint')}</p>
          <ErrorSummary v={v} errors={props.errors} message={props.message} />
          <Form v={v} action={`/credentials/${encodeURIComponent(props.credentialId)}/endorse`}>
            <Field v={v} name="comment" label={v.t('networks.recognition.comment')} value={props.comment} errors={props.errors} multiline required />
            <Submit>{v.t('networks.recognition.submit')}</Submit>
          </Form>
        </>
      )}
    </section>
  );
}
