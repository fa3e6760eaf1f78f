// A verification report in words: the verdict sentence, each check's plain-language line, every
// problem translated (French or English) from its stable code. The API answers this; pages and the
// CLI show it.
import type { InputFormat } from '../credentials';
import type { Locale, MessageKey, Translate } from '../i18n';
import { AUTHENTICITY_CHECKS, firstProblem, type CredentialSummary, type ReportCheckId, type ReportCode, type ReportProblem, type Verdict, type VerifyReport } from './verify';

export interface PresentedProblem {
  code: ReportCode;
  message: string;
  path?: string;
  detail?: string;
}

export interface PresentedCheck {
  id: ReportCheckId;
  label: string;
  passed: boolean;
  skipped: boolean;
  /** What this check found, in one sentence (the first problem's message when it failed). */
  message: string;
  code?: ReportCode;
  problems: PresentedProblem[];
}

export interface VerifyResponse {
  valid: boolean;
  verdict: Verdict;
  /** The verdict in one sentence. */
  message: string;
  format?: InputFormat;
  version?: '2.0';
  source?: { url: string };
  checks: PresentedCheck[];
  warnings: PresentedProblem[];
  credential?: CredentialSummary;
  signer?: { verificationMethod: string; controller?: string };
}

export function problemKey(code: ReportCode): MessageKey {
  return `verify.problem.${code}`;
}

export function problemMessage(t: Translate, code: ReportCode): string {
  return t(problemKey(code));
}

function presentProblem(t: Translate, p: ReportProblem): PresentedProblem {
  return { code: p.code, message: problemMessage(t, p.code), ...(p.path ? { path: p.path } : {}), ...(p.detail ? { detail: p.detail } : {}) };
}

/** A day as people read it ("12 mars 2031", "12 March 2031"), in UTC; undefined for an unreadable date. */
export function formatDay(locale: Locale, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** A sentence continued after a colon: "…: the signature…" (but "…: JWT…" stays as it is). */
function continued(sentence: string): string {
  return /^\p{Lu}\p{Ll}/u.test(sentence) ? sentence[0]!.toLowerCase() + sentence.slice(1) : sentence;
}

export function verdictMessage(report: VerifyReport, t: Translate, locale: Locale): string {
  const reason = firstProblem(report);
  const because = reason ? continued(problemMessage(t, reason.code)) : '';
  switch (report.verdict) {
    case 'valid':
      return t('verify.verdict.valid');
    case 'revoked':
      return t('verify.verdict.revoked');
    case 'suspended':
      return t('verify.verdict.suspended');
    case 'expired': {
      const date = formatDay(locale, report.credential?.validUntil);
      return date ? t('verify.verdict.expired', { date }) : t('verify.verdict.expiredUndated');
    }
    case 'not_yet_valid': {
      const date = formatDay(locale, report.credential?.validFrom);
      return date ? t('verify.verdict.not_yet_valid', { date }) : t('verify.verdict.not_yet_validUndated');
    }
    case 'not_authentic': {
      const proof = report.checks.find((c) => AUTHENTICITY_CHECKS.has(c.id) && !c.passed)?.problems[0];
      return t('verify.verdict.not_authentic', { reason: proof ? continued(problemMessage(t, proof.code)) : because });
    }
    case 'invalid':
      return t('verify.verdict.invalid', { reason: because });
    case 'unusable':
      return t('verify.verdict.unusable', { reason: because });
  }
}

export function presentReport(report: VerifyReport, t: Translate, locale: Locale): VerifyResponse {
  const checks = report.checks.map((c): PresentedCheck => {
    const first = c.problems[0];
    let message: string;
    if (c.skipped) message = t('verify.skipped');
    else if (c.passed || !first) message = t(`verify.passed.${c.id}`);
    else message = problemMessage(t, first.code);
    return {
      id: c.id,
      label: t(`verify.check.${c.id}`),
      passed: c.passed,
      skipped: c.skipped,
      message,
      ...(first && !c.passed ? { code: first.code } : {}),
      problems: c.problems.map((p) => presentProblem(t, p)),
    };
  });
  const response: VerifyResponse = {
    valid: report.valid,
    verdict: report.verdict,
    message: verdictMessage(report, t, locale),
    checks,
    warnings: report.warnings.map((w) => presentProblem(t, w)),
  };
  if (report.format) response.format = report.format;
  if (report.version) response.version = report.version;
  if (report.source) response.source = report.source;
  if (report.credential) response.credential = report.credential;
  if (report.signer) response.signer = report.signer;
  return response;
}
