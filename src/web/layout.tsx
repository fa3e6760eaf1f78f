import type { ComponentChildren } from 'preact';
import type { View } from './view';

export function Layout(props: { v: View; title: string; children: ComponentChildren; wide?: boolean; head?: ComponentChildren }) {
  const { v } = props;
  const other = v.locale === 'fr' ? 'en' : 'fr';
  return (
    <html lang={v.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — ${v.t('app.name')}`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        {props.head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {v.t('nav.skip')}
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href="/">
              <span aria-hidden="true" class="brand-mark">◆</span> {v.t('app.name')}
            </a>
            <nav aria-label={v.t('nav.main')}>
              <ul class="nav">
                <li>
                  <a href="/badges">{v.t('nav.catalogue')}</a>
                </li>
                <li>
                  <a href="/organizations">{v.t('nav.organizations')}</a>
                </li>
                <li>
                  <a href="/verify">{v.t('nav.verify')}</a>
                </li>
                {v.user ? (
                  <>
                    <li>
                      <a href="/badges/mine">{v.t('nav.myBadges')}</a>
                    </li>
                    <li>
                      <a href="/applications">{v.t('nav.applications')}</a>
                    </li>
                    <li>
                      <a href="/reviews">{v.t('nav.reviews')}</a>
                    </li>
                    <li>
                      <a href="/account">{v.t('nav.account')}</a>
                    </li>
                    {v.user.isAdmin && (
                      <li>
                        <a href="/admin">{v.t('nav.admin')}</a>
                      </li>
                    )}
                    <li>
                      <form method="post" action="/signout" class="inline">
                        <input type="hidden" name="_csrf" value={v.csrf} />
                        <button type="submit" class="link">
                          {v.t('nav.signOut')}
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
                  <>
                    <li>
                      <a href="/signin">{v.t('nav.signIn')}</a>
                    </li>
                    <li>
                      <a href="/signup" class="button small">
                        {v.t('nav.signUp')}
                      </a>
                    </li>
                  </>
                )}
                <li>
                  <form method="post" action="/locale" class="inline">
                    <input type="hidden" name="_csrf" value={v.csrf} />
                    <input type="hidden" name="locale" value={other} />
                    <input type="hidden" name="back" value={v.path} />
                    <button type="submit" class="link" lang={other}>
                      {v.t('nav.switchTo')}
                    </button>
                  </form>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" tabIndex={-1} class={props.wide ? 'wide' : undefined}>
          {v.flash && (
            <p class="flash" role="status">
              {v.flash}
            </p>
          )}
          {props.children}
        </main>
        <footer class="site-footer">
          <p>{v.t('footer.text')}</p>
        </footer>
      </body>
    </html>
  );
}
