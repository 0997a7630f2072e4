import { For } from 'solid-js';
import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { PageHead } from '../../components/PageHead';
import { NavIcon, navTabs } from '../../components/navTabs';
import { MeQuery } from '../login/login.graphql';

/**
 * "More" (route /more, the last tab when a person has more destinations than fit the tab bar of a
 * 360 px handheld): the folded ones as big tiles, with the same test ids as their tabs.
 */
export default function MorePage() {
  const { t } = useI18n();
  const [me] = createQuery({ query: MeQuery, requestPolicy: 'cache-first' });
  const more = () => navTabs(me.data?.me?.permissions).more;
  return (
    <section class="page" data-testid="more-page">
      <PageHead title={t('nav.more')} />
      <ul class="stations">
        <For each={more()}>
          {(tab) => (
            <li>
              <A href={tab.href} class="station" data-testid={tab.testid}>
                <span class="station__icon" aria-hidden="true">
                  <NavIcon icon={tab.icon} />
                </span>
                <span class="station__text">
                  <span class="station__title">{t(tab.key)}</span>
                </span>
              </A>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
