// /admin/mails (the outbox, newest first, paged) and /admin/mails/:id (one mail).
import type { MailDetail, MailSummary } from '../../mail/mail';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import { AdminNav, DateTime, PAGE_SIZE, Pager } from './common';

export function MailListPage(props: { v: View; items: MailSummary[]; total: number; page: number }) {
  const { v, items } = props;
  return (
    <Layout v={v} title={v.t('admin.mails.title')} wide>
      <h1>{v.t('admin.mails.title')}</h1>
      <AdminNav v={v} current="/admin/mails" />
      <p class="lead">{v.t('admin.mails.lead')}</p>
      {items.length === 0 ? (
        <p class="muted">{v.t('admin.mails.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{v.t('admin.mails.date')}</th>
                <th scope="col">{v.t('admin.mails.to')}</th>
                <th scope="col">{v.t('admin.mails.subject')}</th>
                <th scope="col">{v.t('admin.mails.transport')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id}>
                  <td>
                    <DateTime locale={v.locale} date={m.createdAt} />
                  </td>
                  <td>{m.to}</td>
                  <td>
                    <a href={`/admin/mails/${m.id}`}>{m.subject}</a>
                  </td>
                  <td>{v.t(`admin.mails.transport.${m.transport}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager v={v} path="/admin/mails" page={props.page} total={props.total} pageSize={PAGE_SIZE} />
    </Layout>
  );
}

/**
 * The HTML body is never put into this page: it is shown in a sandboxed frame (no scripts, no
 * forms, no same-origin access), from `srcdoc`, an attribute Preact escapes like any other.
 */
export function MailPage(props: { v: View; mail: MailDetail }) {
  const { v, mail } = props;
  return (
    <Layout v={v} title={v.t('admin.mail.title', { id: mail.id })} wide>
      <p>
        <a href="/admin/mails">{v.t('admin.mail.back')}</a>
      </p>
      <h1>{mail.subject}</h1>
      <section aria-labelledby="mail-headers" class="card">
        <h2 id="mail-headers">{v.t('admin.mail.headers')}</h2>
        <dl>
          <dt>{v.t('admin.mails.to')}</dt>
          <dd>{mail.to}</dd>
          <dt>{v.t('admin.mails.date')}</dt>
          <dd>
            <DateTime locale={v.locale} date={mail.createdAt} />
          </dd>
          <dt>{v.t('admin.mails.transport')}</dt>
          <dd>{v.t(`admin.mails.transport.${mail.transport}`)}</dd>
          <dt>{v.t('admin.mail.messageId')}</dt>
          <dd>
            <code>{mail.messageId}</code>
          </dd>
        </dl>
      </section>
      <section aria-labelledby="mail-text">
        <h2 id="mail-text">{v.t('admin.mail.text')}</h2>
        <pre class="mail">{mail.text}</pre>
      </section>
      <section aria-labelledby="mail-html">
        <h2 id="mail-html">{v.t('admin.mail.html')}</h2>
        <iframe
          title={v.t('admin.mail.htmlFrame')}
          sandbox=""
          referrerpolicy="no-referrer"
          srcdoc={mail.html}
          style="width:100%;height:32rem;border:1px solid #ccd;border-radius:6px;background:#fff"
        />
      </section>
    </Layout>
  );
}
