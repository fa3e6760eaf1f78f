// On "Mes badges": the badges earned elsewhere, each with its last verification (checked again
// daily, or now) and what it read (image, dates), and the form to import one (an image, a JSON/JWT
// file, or an address; Open Badges 3.0 or 2.0).
import { formatDate } from '../../organizations/pages/common';
import { formatDay } from '../../verify/present';
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import type { FormErrors, View } from '../../web/view';
import type { ImportedCredential } from '../imports';

export function ImportsSection(props: { v: View; items: ImportedCredential[]; errors?: FormErrors | undefined; message?: string | undefined }) {
  const { v, items } = props;
  return (
    <section class="card" aria-labelledby="imports-heading" id="imports">
      <h2 id="imports-heading" style="margin-top:0">
        {v.t('backpack.import.title')}
      </h2>
      <p class="muted">{v.t('backpack.import.hint')}</p>
      {items.length === 0 ? (
        <p class="muted">{v.t('backpack.import.none')}</p>
      ) : (
        <ul class="stack" style="list-style:none;padding:0">
          {items.map((c) => (
            <li key={c.id} id={`import-${c.id}`}>
              <p style="margin:0">
                {c.image && <img src={c.image} alt="" width={48} height={48} style="vertical-align:middle;margin-right:0.5rem" loading="lazy" />}
                <strong>{c.name}</strong>
                {c.issuerName && <> — {v.t('backpack.import.by', { issuer: c.issuerName })}</>}
                {c.version === '2.0' && <span class="muted small"> ({v.t('backpack.import.ob2')})</span>}
              </p>
              {(c.validFrom || c.validUntil) && (
                <p style="margin:0" class="muted small">
                  {[
                    c.validFrom && v.t('backpack.import.issuedOn', { date: formatDay(v.locale, c.validFrom) ?? c.validFrom }),
                    c.validUntil && v.t('backpack.import.expires', { date: formatDay(v.locale, c.validUntil) ?? c.validUntil }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              )}
              <p style="margin:0" class={c.verdict === 'valid' ? 'flash' : 'error-summary'} role="status">
                {v.t(`verify.verdict.${c.verdict}`)} <span class="muted small">({v.t('backpack.import.checkedOn', { date: formatDate(v.locale, c.verifiedAt) })})</span>
              </p>
              <div style="display:flex;gap:0.5rem">
                <Form v={v} action={`/backpack/imports/${encodeURIComponent(c.id)}/verify`} class="inline">
                  <Submit secondary>{v.t('backpack.import.recheck')}</Submit>
                </Form>
                <Form v={v} action={`/backpack/imports/${encodeURIComponent(c.id)}/remove`} class="inline">
                  <Submit secondary>{v.t('backpack.import.remove')}</Submit>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      )}
      <ErrorSummary v={v} errors={props.errors} message={props.message} />
      <Form v={v} action="/backpack/import" multipart>
        <Field v={v} name="file" type="file" label={v.t('backpack.import.file')} accept=".png,.svg,.json,.jwt,image/png,image/svg+xml,application/json" errors={props.errors} />
        <Field v={v} name="url" type="url" label={v.t('backpack.import.url')} errors={props.errors} autocomplete="url" />
        <Submit>{v.t('backpack.import.submit')}</Submit>
      </Form>
    </section>
  );
}
