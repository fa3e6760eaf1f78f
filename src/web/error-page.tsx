import { Layout } from './layout';
import type { View } from './view';

export function ErrorPage(props: { v: View; message: string; status: number }) {
  const { v } = props;
  return (
    <Layout v={v} title={v.t('errors.title')}>
      <h1>{v.t('errors.title')}</h1>
      <p class="lead">{props.message}</p>
      <p>
        <a href="/">{v.t('errors.backHome')}</a>
      </p>
    </Layout>
  );
}
