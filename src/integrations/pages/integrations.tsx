// The "Integrations" page of an organisation (owners and admins): its API tokens, its webhooks and
// their recent deliveries. Every form works without JavaScript; secrets are shown once, in the
// answer to the form that made them.
import type { ComponentChildren } from 'preact';
import { formatDate } from '../../organizations/pages/common';
import { Checkbox, ErrorSummary, Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';
import { EVENTS, SCOPES } from '../integrations';
import type { Integrations } from '../integrations.service';

export interface IntegrationsState {
  values?: Record<string, string | string[]>;
  errors?: FormErrors;
  message?: string;
  /** Which form the state is about. */
  form?: 'token' | 'webhook' | 'edit';
  /** The webhook whose edit form is shown instead of the "new webhook" one (`?edit={id}`). */
  editing?: string;
  newToken?: { name: string; token: string };
  /** A webhook's secret, shown once: of a new endpoint, or `rotated`. */
  newSecret?: { url: string; secret: string; rotated?: boolean };
}

/** A table with its column headers (scope="col"), scrolling sideways on small screens. */
function Table(props: { headers: string[]; children: ComponentChildren }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {props.headers.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** A button acting on one row (its form posts at once), labelled with what it acts on. */
function RowAction(props: { v: View; action: string; label: string; what: string; kind: 'danger' | 'secondary' }) {
  return (
    <Form v={props.v} action={props.action} class="inline">
      <button type="submit" class={`button small ${props.kind}`} aria-label={`${props.label} — ${props.what}`}>
        {props.label}
      </button>
    </Form>
  );
}

/** A group of checkboxes under its legend (the fieldset's id is the one an error summary links to). */
function Choices(props: { name: string; legend: string; options: readonly { value: string; label: string }[]; checked: (value: string) => boolean }) {
  return (
    <fieldset id={`f-${props.name}`}>
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <Checkbox key={o.value} name={props.name} value={o.value} label={o.label} checked={props.checked(o.value)} />
      ))}
    </fieldset>
  );
}

function when(v: View, date: Date | null): string {
  return date ? formatDate(v.locale, date) : v.t('integrations.tokens.never');
}

export function IntegrationsPage(props: { v: View; integrations: Integrations; state: IntegrationsState }) {
  const { v, integrations, state } = props;
  const org = integrations.organization;
  const base = `/organizations/${encodeURIComponent(org.slug)}/integrations`;
  const editing = integrations.endpoints.find((e) => e.id === state.editing);
  const values = (form: 'token' | 'webhook' | 'edit') => {
    if (state.form === form) return state.values ?? {};
    // The edit form starts from what the endpoint is.
    if (form === 'edit' && editing) return { url: editing.url, events: editing.events, paused: editing.active ? '' : 'on' };
    return {};
  };
  const checked = (form: 'token' | 'webhook' | 'edit', name: string, value: string) => [values(form)[name] ?? []].flat().includes(value);
  const webhookForm = editing ? 'edit' : 'webhook';
  return (
    <Layout v={v} title={`${v.t('integrations.title')} — ${org.name}`} wide>
      <h1>
        <a href={`/organizations/${encodeURIComponent(org.slug)}`}>{org.name}</a> — {v.t('integrations.title')}
      </h1>
      <p class="muted">{v.t('integrations.intro')}</p>

      <section class="card" aria-labelledby="tokens-heading" id="tokens">
        <h2 id="tokens-heading">{v.t('integrations.tokens.heading')}</h2>
        <p class="muted">{v.t('integrations.tokens.intro')}</p>
        {state.newToken && (
          <div class="card callout" role="status">
            <p>{v.t('integrations.tokens.created', { name: state.newToken.name })}</p>
            <code class="token">{state.newToken.token}</code>
          </div>
        )}
        {integrations.tokens.length === 0 ? (
          <p>{v.t('integrations.tokens.none')}</p>
        ) : (
          <Table headers={[v.t('integrations.tokens.name'), v.t('integrations.tokens.scopes'), v.t('integrations.tokens.createdAt'), v.t('integrations.tokens.lastUsedAt'), v.t('integrations.actions')]}>
            {integrations.tokens.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>{token.scopes.join(', ')}</td>
                <td>{when(v, token.createdAt)}</td>
                <td>{when(v, token.lastUsedAt)}</td>
                <td>
                  <RowAction v={v} action={`${base}/tokens/${encodeURIComponent(token.id)}/revoke`} label={v.t('integrations.tokens.revoke')} what={token.name} kind="danger" />
                </td>
              </tr>
            ))}
          </Table>
        )}
        <h3>{v.t('integrations.tokens.createHeading')}</h3>
        {state.form === 'token' && <ErrorSummary v={v} errors={state.errors} message={state.message} />}
        <Form v={v} action={`${base}/tokens`}>
          <Field
            v={v}
            name="name"
            label={v.t('integrations.tokens.name')}
            hint={v.t('integrations.tokens.nameHint')}
            value={state.newToken ? '' : String(values('token').name ?? '')}
            errors={state.form === 'token' ? state.errors : undefined}
            required
          />
          <Choices
            name="scopes"
            legend={v.t('integrations.tokens.scopes')}
            options={SCOPES.map((scope) => ({ value: scope, label: v.t(`integrations.tokens.scope.${scope}`) }))}
            checked={(scope) => checked('token', 'scopes', scope)}
          />
          <Submit>{v.t('integrations.tokens.create')}</Submit>
        </Form>
      </section>

      <section class="card" aria-labelledby="webhooks-heading" id="webhooks">
        <h2 id="webhooks-heading">{v.t('integrations.webhooks.heading')}</h2>
        <p class="muted">{v.t('integrations.webhooks.intro')}</p>
        {state.newSecret && (
          <div class="card callout" role="status">
            <p>{v.t(state.newSecret.rotated ? 'integrations.webhooks.rotated' : 'integrations.webhooks.created')}</p>
            <p>{state.newSecret.url}</p>
            <code class="token">{state.newSecret.secret}</code>
          </div>
        )}
        {integrations.endpoints.length === 0 ? (
          <p>{v.t('integrations.webhooks.none')}</p>
        ) : (
          <Table headers={[v.t('integrations.webhooks.url'), v.t('integrations.webhooks.events'), v.t('integrations.webhooks.state'), v.t('integrations.actions')]}>
            {integrations.endpoints.map((endpoint) => (
              <tr key={endpoint.id}>
                <td>{endpoint.url}</td>
                <td>{endpoint.events.join(', ')}</td>
                <td>{v.t(endpoint.active ? 'integrations.webhooks.activeState' : 'integrations.webhooks.pausedState')}</td>
                <td>
                  <a class="button small secondary" href={`${base}?edit=${encodeURIComponent(endpoint.id)}#webhook-form`} aria-label={`${v.t('integrations.webhooks.edit')} — ${endpoint.url}`}>
                    {v.t('integrations.webhooks.edit')}
                  </a>{' '}
                  {endpoint.active && (
                    <>
                      <RowAction v={v} action={`${base}/webhooks/${encodeURIComponent(endpoint.id)}/test`} label={v.t('integrations.webhooks.test')} what={endpoint.url} kind="secondary" />{' '}
                    </>
                  )}
                  <RowAction v={v} action={`${base}/webhooks/${encodeURIComponent(endpoint.id)}/rotate-secret`} label={v.t('integrations.webhooks.rotate')} what={endpoint.url} kind="secondary" />{' '}
                  <RowAction v={v} action={`${base}/webhooks/${encodeURIComponent(endpoint.id)}/remove`} label={v.t('integrations.webhooks.remove')} what={endpoint.url} kind="danger" />
                </td>
              </tr>
            ))}
          </Table>
        )}
        <h3 id="webhook-form">{v.t(editing ? 'integrations.webhooks.editHeading' : 'integrations.webhooks.addHeading')}</h3>
        {state.form === webhookForm && <ErrorSummary v={v} errors={state.errors} message={state.message} />}
        <Form v={v} action={editing ? `${base}/webhooks/${encodeURIComponent(editing.id)}` : `${base}/webhooks`}>
          <Field
            v={v}
            name="url"
            type="url"
            label={v.t('integrations.webhooks.url')}
            value={state.newSecret ? '' : String(values(webhookForm).url ?? '')}
            errors={state.form === webhookForm ? state.errors : undefined}
            required
          />
          <Choices
            name="events"
            legend={v.t('integrations.webhooks.events')}
            options={EVENTS.map((event) => ({ value: event, label: v.t(`integrations.webhooks.event.${event}`) }))}
            checked={(event) => checked(webhookForm, 'events', event)}
          />
          {editing && <Checkbox name="paused" label={v.t('integrations.webhooks.paused')} checked={values('edit').paused === 'on'} />}
          <Submit>{v.t(editing ? 'integrations.webhooks.save' : 'integrations.webhooks.add')}</Submit>
          {editing && (
            <>
              {' '}
              <a href={`${base}#webhooks`}>{v.t('integrations.webhooks.cancel')}</a>
            </>
          )}
        </Form>
      </section>

      <section aria-labelledby="deliveries-heading" id="deliveries">
        <h2 id="deliveries-heading">{v.t('integrations.deliveries.heading')}</h2>
        {integrations.deliveries.length === 0 ? (
          <p class="muted">{v.t('integrations.deliveries.none')}</p>
        ) : (
          <Table headers={[v.t('integrations.deliveries.event'), v.t('integrations.deliveries.endpoint'), v.t('integrations.deliveries.status'), v.t('integrations.deliveries.attempts'), v.t('integrations.deliveries.answer'), v.t('integrations.deliveries.at')]}>
            {integrations.deliveries.map((d) => (
              <tr key={d.id}>
                <td>
                  {d.eventType}
                  <br />
                  <code>{d.eventId}</code>
                </td>
                <td>{d.endpointUrl}</td>
                <td>{v.t(`integrations.deliveries.status.${d.status}`)}</td>
                <td>{d.attempts}</td>
                <td>{d.lastStatusCode ?? d.lastError ?? '—'}</td>
                <td>{when(v, d.createdAt)}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </Layout>
  );
}
