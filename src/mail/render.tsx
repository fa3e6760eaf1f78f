// Renders a mail's content as HTML (inline styles, as mail clients want) and as plain text.
import { renderToString } from 'preact-render-to-string';
import type { Locale } from '../i18n';
import type { MailContent } from './template';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export function renderMail(content: MailContent, locale: Locale): RenderedMail {
  const text = [
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}: ${content.action.url}`] : []),
    ...(content.note ? [content.note] : []),
    '-- \nBlason',
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
          {content.action && (
            <p style="margin:20px 0">
              <a
                href={content.action.url}
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
      </body>
    </html>,
  );
  return { subject: content.subject, html: `<!doctype html>${html}`, text };
}
