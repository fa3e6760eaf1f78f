// A network's page: who runs it, its members, its regional badges and active mappings, and the
// form by which an organisation asks to join (participant badge + a mapping proposal).
import { badgePath } from '../../badges/document';
import { Paragraphs } from '../../badges/pages/common';
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';
import { endorsementPath } from '../endorsements';
import type { BadgeRef, MappingView, Network } from '../networks.service';
import type { BadgeProposal } from '../proposals';

export interface JoinFormValues {
  organization: string;
  badge: string;
  /** `<regional badge id>|<level>` (one select for both). */
  target: string;
  coversAll: string;
  remarks: string;
  narrative: string;
}

export function MappingLine(props: { v: View; m: MappingView; status?: boolean }) {
  const { v, m } = props;
  return (
    <>
      <a href={badgePath(m.partner.id)}>{m.partner.name}</a> <span class="muted">({m.partner.organizationName})</span> →{' '}
      <a href={badgePath(m.regional.id)}>{m.regional.name}</a>
      {m.level && <> — {v.t('networks.page.level', { level: m.level })}</>} — {v.t(m.coversAll ? 'networks.page.coversAll' : 'networks.page.coversPart')}
      {props.status && <span class="tag"> {v.t(`networks.proposals.status.${m.status}`)}</span>}
      {m.endorsementId && (
        <>
          {' '}
          — <a href={endorsementPath(m.endorsementId)}>{v.t('networks.page.endorsement')}</a>
        </>
      )}
      {m.remarks && <p class="muted small" style="margin:0">{m.remarks}</p>}
    </>
  );
}

function Select(props: { name: string; label: string; options: { value: string; label: string }[]; value: string; errors?: FormErrors | undefined; errorName?: string }) {
  const id = `f-${props.name}`;
  const error = props.errors?.[props.errorName ?? props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <select id={id} name={props.name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function NetworkPage(props: {
  v: View;
  network: Network;
  /** Organisations the signed-in person may make join, with their published badges; null when signed out. */
  joinable: { slug: string; name: string; badges: BadgeRef[] }[] | null;
  form?: { values: JoinFormValues; errors?: FormErrors | undefined; message?: string | undefined };
  /** The network's badge list (accepted proposals; all of them for its owner's managers), and the member organisations the viewer manages. */
  proposals?: { items: BadgeProposal[]; decide: boolean; members: { slug: string; name: string; badges: BadgeRef[] }[]; message?: string | undefined };
}) {
  const { v, network: n, joinable } = props;
  const values: JoinFormValues = props.form?.values ?? { organization: '', badge: '', target: '', coversAll: 'yes', remarks: '', narrative: '' };
  const targets = n.regionalBadges.flatMap((b) =>
    b.levels.length ? b.levels.map((l) => ({ value: `${b.id}|${l}`, label: `${b.name} — ${l}` })) : [{ value: `${b.id}|`, label: b.name }],
  );
  const errors = props.form?.errors;
  return (
    <Layout v={v} title={n.name}>
      <article class="card">
        <h1 style="margin-top:0">{n.name}</h1>
        <p>
          {v.t('networks.page.owner')}
          <a href={`/organizations/${encodeURIComponent(n.owner.slug)}`}>{n.owner.name}</a>
        </p>
        {n.description && <Paragraphs text={n.description} />}
        <p>
          {v.t('networks.page.participant')}
          <a href={badgePath(n.participantBadge.id)}>{n.participantBadge.name}</a>
        </p>
      </article>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{v.t('networks.page.members')}</h2>
        {n.members.length === 0 ? (
          <p class="muted">{v.t('networks.page.noMembers')}</p>
        ) : (
          <ul id="network-members">
            {n.members.map((m) => (
              <li key={m.slug}>
                <a href={`/organizations/${encodeURIComponent(m.slug)}`}>{m.name}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="regional-heading">
        <h2 id="regional-heading">{v.t('networks.page.regional')}</h2>
        <ul>
          {n.regionalBadges.map((b) => (
            <li key={b.id}>
              <a href={badgePath(b.id)}>{b.name}</a>
              {b.levels.length > 0 && <span class="muted"> — {v.t('networks.page.levels', { levels: b.levels.join(', ') })}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="mappings-heading">
        <h2 id="mappings-heading">{v.t('networks.page.mappings')}</h2>
        {n.mappings.length === 0 ? (
          <p class="muted">{v.t('networks.page.noMappings')}</p>
        ) : (
          <ul id="network-mappings">
            {n.mappings.map((m) => (
              <li key={m.id}>
                <MappingLine v={v} m={m} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {props.proposals && <ProposalsSection v={v} network={n} {...props.proposals} />}
      <section class="card" aria-labelledby="join-heading" id="join">
        <h2 id="join-heading" style="margin-top:0">
          {v.t('networks.join.title')}
        </h2>
        {joinable === null ? (
          <p>
            <a href={`/signin?back=${encodeURIComponent(v.path)}`}>{v.t('networks.join.signIn')}</a>
          </p>
        ) : joinable.length === 0 ? (
          <p class="muted">{v.t('networks.join.none')}</p>
        ) : (
          <>
            <p class="muted">{v.t('networks.join.hint')}</p>
            <ErrorSummary v={v} errors={errors} message={props.form?.message} />
            <Form v={v} action={`/networks/${encodeURIComponent(n.id)}/join`}>
              <Select
                name="badge"
                errorName="mappings.0.badge"
                label={v.t('networks.join.badge')}
                value={values.badge}
                errors={errors}
                options={joinable.flatMap((o) => o.badges.map((b) => ({ value: `${o.slug}|${b.id}`, label: joinable.length > 1 ? `${o.name} — ${b.name}` : b.name })))}
              />
              <Select name="target" errorName="mappings.0.regionalBadge" label={v.t('networks.join.target')} value={values.target} errors={errors} options={targets} />
              {errors?.['mappings.0.level'] && <p class="field-error">{errors['mappings.0.level']}</p>}
              <fieldset>
                <legend>{v.t('networks.join.coversAll')}</legend>
                {(['yes', 'no'] as const).map((answer) => (
                  <div class="check" key={answer}>
                    <input type="radio" id={`f-coversAll-${answer}`} name="coversAll" value={answer} checked={values.coversAll === answer} />
                    <label for={`f-coversAll-${answer}`}>{v.t(answer === 'yes' ? 'networks.join.yes' : 'networks.join.no')}</label>
                  </div>
                ))}
              </fieldset>
              <Field v={v} name="remarks" label={v.t('networks.join.remarks')} value={values.remarks} errors={errors} multiline />
              <Field v={v} name="narrative" label={v.t('networks.join.narrative')} value={values.narrative} errors={errors} multiline />
              <Submit>{v.t('networks.join.submit')}</Submit>
            </Form>
          </>
        )}
      </section>
    </Layout>
  );
}

function ProposalsSection(props: { v: View; network: Network; items: BadgeProposal[]; decide: boolean; members: { slug: string; name: string; badges: BadgeRef[] }[]; message?: string | undefined }) {
  const { v, items } = props;
  const listed = items.filter((p) => p.status === 'accepted');
  const pending = props.decide ? items.filter((p) => p.status === 'pending') : [];
  const options = props.members.flatMap((o) => o.badges.map((b) => ({ value: `${o.slug}|${b.id}`, label: props.members.length > 1 ? `${o.name} — ${b.name}` : b.name })));
  return (
    <section aria-labelledby="proposals-heading" id="proposals">
      <h2 id="proposals-heading">{v.t('networks.proposals.list')}</h2>
      <p class="muted">{v.t('networks.proposals.listHint')}</p>
      {listed.length === 0 ? (
        <p class="muted">{v.t('networks.proposals.none')}</p>
      ) : (
        <ul id="network-badges">
          {listed.map((p) => (
            <li key={p.id}>
              <a href={badgePath(p.badge.id)}>{p.badge.name}</a> <span class="muted">({p.organization.name})</span>
            </li>
          ))}
        </ul>
      )}
      {props.message && (
        <div class="error-summary" role="alert">
          <p>{props.message}</p>
        </div>
      )}
      {pending.length > 0 && (
        <div class="card">
          <h3 style="margin-top:0">{v.t('networks.proposals.pending')}</h3>
          <ul class="stack" style="list-style:none;padding:0">
            {pending.map((p) => (
              <li key={p.id} id={`proposal-${p.id}`}>
                <p style="margin:0">
                  {v.t('networks.proposals.line', { badge: p.badge.name, organization: p.organization.name })} —{' '}
                  <a href={badgePath(p.badge.id)}>{p.badge.name}</a>
                </p>
                {p.message && <blockquote style="margin:0.25rem 0">{p.message}</blockquote>}
                <div style="display:flex;gap:0.5rem">
                  {(['true', 'false'] as const).map((accept) => (
                    <Form key={accept} v={v} action={`/badge-proposals/${encodeURIComponent(p.id)}/decide`} class="inline">
                      <input type="hidden" name="accept" value={accept} />
                      <Submit secondary={accept === 'false'}>{v.t(accept === 'true' ? 'networks.proposals.accept' : 'networks.proposals.decline')}</Submit>
                    </Form>
                  ))}
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
      {options.length > 0 && (
        <div class="card">
          <h3 style="margin-top:0">{v.t('networks.proposals.propose')}</h3>
          <Form v={v} action={`/networks/${encodeURIComponent(props.network.id)}/badge-proposals`}>
            <Select name="badge" errorName="proposal-badge" label={v.t('networks.proposals.badge')} value="" options={options} />
            <div class="field">
              <label for="f-proposal-message">{v.t('networks.proposals.message')}</label>
              <textarea id="f-proposal-message" name="message" rows={3} />
            </div>
            <Submit>{v.t('networks.proposals.submit')}</Submit>
          </Form>
        </div>
      )}
    </section>
  );
}
