import { Show, type JSX } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../i18n';

/** A page's heading: title, subtitle, then a link back to the floor (stations) and/or actions. */
export function PageHead(props: { title: string; subtitle?: string; floorLink?: boolean; children?: JSX.Element }) {
  const { t } = useI18n();
  return (
    <div class="page-head">
      <div>
        <h1 class="page-title">{props.title}</h1>
        <Show when={props.subtitle !== undefined}>
          <p class="page-subtitle">{props.subtitle}</p>
        </Show>
      </div>
      <Show when={props.floorLink}>
        <A href="/floor" class="button button--small">
          {t('nav.floor')}
        </A>
      </Show>
      {props.children}
    </div>
  );
}
