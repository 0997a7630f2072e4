import { A } from '@solidjs/router';
import { StateMessage } from '../components/StateMessage';
import { useI18n } from '../i18n';

export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section class="page" data-testid="not-found">
      <StateMessage heading="h1" icon="?" title={t('notFound.title')} body={t('notFound.body')}>
        <A href="/" class="button button--primary">
          {t('notFound.back')}
        </A>
      </StateMessage>
    </section>
  );
}
