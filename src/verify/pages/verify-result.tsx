// The result of a verification: the verdict first, then what the badge says, then every check in
// the order of the specification with a plain-language line (✓/✗ for the eye, words for everyone).
import type { Locale, Translate } from '../../i18n';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import { formatDay, type PresentedCheck, type PresentedProblem, type VerifyResponse } from '../present';
import type { CredentialSummary } from '../verify';

const KNOWN_IDENTITY_TYPES = ['emailAddress', 'url', 'telephone'] as const;

function identityTypeLabel(t: Translate, type: string): string {
  const known = KNOWN_IDENTITY_TYPES.find((k) => k === type);
  return t(known ? `verify.identityType.${known}` : 'verify.identityType.other');
}

function Recipient(props: { t: Translate; recipient: CredentialSummary['recipient'] }) {
  const { t, recipient } = props;
  const lines = [
    ...(recipient.id ? [t('verify.result.recipientId', { id: recipient.id })] : []),
    ...recipient.identifiers.map((i) =>
      t(i.hashed ? 'verify.result.recipientHashed' : 'verify.result.recipientPlain', { type: identityTypeLabel(t, i.identityType) }),
    ),
  ];
  if (lines.length === 0) return <>{t('verify.result.recipientUnknown')}</>;
  return (
    <>
      {lines.map((line, index) => (
        <span key={index}>
          {index > 0 && <br />}
          {line}
        </span>
      ))}
    </>
  );
}

function Summary(props: { t: Translate; locale: Locale; credential: CredentialSummary; response: VerifyResponse }) {
  const { t, locale, credential: c, response } = props;
  const achievementName = c.achievement.name && c.achievement.name !== c.name ? c.achievement.name : undefined;
  return (
    <section class="card" aria-labelledby="verify-badge">
      <h2 id="verify-badge">{t('verify.result.badge')}</h2>
      {response.verdict === 'not_authentic' && <p class="muted">{t('verify.result.untrusted')}</p>}
      <dl>
        <dt>{t('verify.result.name')}</dt>
        <dd>{c.name ?? '—'}</dd>
        {achievementName && (
          <>
            <dt>{t('verify.result.achievement')}</dt>
            <dd>{achievementName}</dd>
          </>
        )}
        <dt>{t('verify.result.issuer')}</dt>
        <dd>
          {c.issuer.name ?? '—'}
          {c.issuer.id && (
            <>
              <br />
              <span class="muted small">{c.issuer.id}</span>
            </>
          )}
        </dd>
        <dt>{t('verify.result.validFrom')}</dt>
        <dd>{formatDay(locale, c.validFrom) ?? '—'}</dd>
        <dt>{t('verify.result.validUntil')}</dt>
        <dd>{formatDay(locale, c.validUntil) ?? t('verify.result.noEnd')}</dd>
        <dt>{t('verify.result.recipient')}</dt>
        <dd>
          <Recipient t={t} recipient={c.recipient} />
        </dd>
        <dt>{t('verify.result.endorsements')}</dt>
        <dd>
          {t('verify.result.endorsementsCount', { count: c.endorsements.count, valid: c.endorsements.valid })}
          {c.endorsements.items.length > 0 && (
            <ul id="verify-endorsements">
              {c.endorsements.items.map((e, i) => (
                <li key={i}>
                  <strong>{e.issuer.name ?? e.issuer.id ?? '—'}</strong>
                  {e.comment && <> : « {e.comment} »</>} — {t(e.valid ? 'verify.endorsement.valid' : 'verify.endorsement.invalid')}
                  <span class="muted small"> ({t(e.source === 'badge' ? 'verify.endorsement.ofBadge' : e.source === 'earner' ? 'verify.endorsement.byEarner' : 'verify.endorsement.inCredential')})</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
        {response.format && (
          <>
            <dt>{t('verify.result.format')}</dt>
            <dd>{response.format.toUpperCase()}{response.version === '2.0' ? ' — Open Badges 2.0' : ''}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function ProblemDetails(props: { t: Translate; problems: PresentedProblem[] }) {
  // The first problem's message is the check's line already: only its place and detail are added.
  const items = props.problems
    .map((p, index) => ({ message: index > 0 ? p.message : undefined, path: p.path, detail: p.detail }))
    .filter((item) => item.message || item.path || item.detail);
  if (items.length === 0) return null;
  return (
    <ul class="small muted">
      {items.map((item, index) => (
        <li key={index}>
          {item.message && `${item.message} `}
          {item.path && <code>{item.path}</code>}
          {item.detail && ` — ${props.t('verify.result.detail', { detail: item.detail })}`}
        </li>
      ))}
    </ul>
  );
}

function Check(props: { t: Translate; check: PresentedCheck }) {
  const { t, check } = props;
  const [mark, status] = check.skipped
    ? ['–', t('verify.result.notChecked')]
    : check.passed
      ? ['✓', t('verify.result.passed')]
      : ['✗', t('verify.result.failed')];
  return (
    <li>
      <span aria-hidden="true">{mark} </span>
      <strong>{t('verify.result.checkLine', { label: check.label, status })}</strong>{' '}
      {check.message}
      {!check.passed && !check.skipped && <ProblemDetails t={t} problems={check.problems} />}
    </li>
  );
}

export function VerifyResultPage(props: { v: View; response: VerifyResponse }) {
  const { v, response } = props;
  const { t } = v;
  return (
    <Layout v={v} title={t('verify.result.title')}>
      <h1>{t('verify.result.title')}</h1>
      <div class={response.valid ? 'flash' : 'error-summary'} role="status">
        <p>
          <strong>{response.message}</strong>
        </p>
      </div>
      {response.source && (
        <p class="muted small">
          {t('verify.result.source', { url: response.source.url })}
        </p>
      )}
      {response.credential && <Summary t={t} locale={v.locale} credential={response.credential} response={response} />}
      <section aria-labelledby="verify-checks">
        <h2 id="verify-checks">{t('verify.result.checks')}</h2>
        <ol class="stack">
          {response.checks.map((check) => (
            <Check key={check.id} t={t} check={check} />
          ))}
        </ol>
      </section>
      {response.warnings.length > 0 && (
        <section aria-labelledby="verify-warnings">
          <h2 id="verify-warnings">{t('verify.result.warnings')}</h2>
          <ul>
            {response.warnings.map((w, index) => (
              <li key={index}>
                {w.message}
                {w.detail && <span class="muted small"> ({w.detail})</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <a class="button" href="/verify">
          {t('verify.result.again')}
        </a>
      </p>
    </Layout>
  );
}
