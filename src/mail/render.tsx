// Renders a mail's content as HTML (inline styles, as mail clients want) and as plain text.
import { renderToString } from 'preact-render-to-string';
import { type Locale, translator } from '../i18n';
import type { MailContent } from './template';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** Only web links become buttons: a template can never produce a javascript: or data: link. */
function checkActionUrl(url: string): string {
  if (!/^https?:\/\//i.test(url)) throw new Error(`A mail action must be an http(s) link, not ${url.slice(0, 40)}`);
  return url;
}

/** Every text goes through Preact, which escapes it: parameters can never inject markup. */
export function renderMail(content: MailContent, locale: Locale): RenderedMail {
  const footer = translator(locale)('mail.footer');
  const actionUrl = content.action ? checkActionUrl(content.action.url) : null;
  const text = [
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}: ${actionUrl}`] : []),
    ...(content.note ? [content.note] : []),
    `-- \nBlason\n${footer}`,
  ].join('\n\n');
  const html = renderToString(
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <title>{content.subject}</title>
      </head>
      <body style="margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1d2330">
        <div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
          <p style="margin:0 0 16px;font-weight:bold;color:#1b3a8a">◆ Blason</p>
          {content.paragraphs.map((p) => (
            <p style="margin:0 0 12px;line-height:1.5">{p}</p>
          ))}
          {content.action && actionUrl && (
            <p style="margin:20px 0">
              <a
                href={actionUrl}
                style="display:inline-block;background:#1b3a8a;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none"
              >
                {content.action.label}
              </a>
            </p>
          )}
          {content.action && (
            <p style="margin:0 0 12px;font-size:13px;color:#555;word-break:break-all">{content.action.url}</p>
          )}
          {content.note && <p style="margin:16px 0 0;font-size:13px;color:#555">{content.note}</p>}
        </div>
        <p style="max-width:560px;margin:12px auto 0;font-size:12px;color:#666">{footer}</p>
      </body>
    </html>,
  );
  return { subject: content.subject, html: `<!doctype html>${html}`, text };
}
