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
  form?: 'token' | 'webhook';
  newToken?: { name: string; token: string };
  newSecret?: { url: string; secret: string };
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
  const values = (form: 'token' | 'webhook') => (state.form === form ? (state.values ?? {}) : {});
  const checked = (form: 'token' | 'webhook', name: string, value: string) => [values(form)[name] ?? []].flat().includes(value);
  return (
    <Layout v={v} title={`${v.t('integrations.title')} — ${org.name}`} wide>
      <h1>
        <a href={`/organizations/${encodeURIComponent(org.slug)}`}>{org.name}</a> — {v.t('integrations.title')}
      </h1>
      <p class="muted">{v.t('integrations.intro')}</p>
      {v.flash && (
        <p class="flash" role="status">
          {v.flash}
        </p>
      )}

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
            <p>{v.t('integrations.webhooks.created')}</p>
            <p>{state.newSecret.url}</p>
            <code class="token">{state.newSecret.secret}</code>
          </div>
        )}
        {integrations.endpoints.length === 0 ? (
          <p>{v.t('integrations.webhooks.none')}</p>
        ) : (
          <Table headers={[v.t('integrations.webhooks.url'), v.t('integrations.webhooks.events'), v.t('integrations.actions')]}>
            {integrations.endpoints.map((endpoint) => (
              <tr key={endpoint.id}>
                <td>{endpoint.url}</td>
                <td>{endpoint.events.join(', ')}</td>
                <td>
                  <RowAction v={v} action={`${base}/webhooks/${encodeURIComponent(endpoint.id)}/test`} label={v.t('integrations.webhooks.test')} what={endpoint.url} kind="secondary" />{' '}
                  <RowAction v={v} action={`${base}/webhooks/${encodeURIComponent(endpoint.id)}/remove`} label={v.t('integrations.webhooks.remove')} what={endpoint.url} kind="danger" />
                </td>
              </tr>
            ))}
          </Table>
        )}
        <h3>{v.t('integrations.webhooks.addHeading')}</h3>
        {state.form === 'webhook' && <ErrorSummary v={v} errors={state.errors} message={state.message} />}
        <Form v={v} action={`${base}/webhooks`}>
          <Field
            v={v}
            name="url"
            type="url"
            label={v.t('integrations.webhooks.url')}
            value={state.newSecret ? '' : String(values('webhook').url ?? '')}
            errors={state.form === 'webhook' ? state.errors : undefined}
            required
          />
          <Choices
            name="events"
            legend={v.t('integrations.webhooks.events')}
            options={EVENTS.map((event) => ({ value: event, label: v.t(`integrations.webhooks.event.${event}`) }))}
            checked={(event) => checked('webhook', 'events', event)}
          />
          <Submit>{v.t('integrations.webhooks.add')}</Submit>
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
