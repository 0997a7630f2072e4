import { For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../../i18n';
import type { OrderDetail } from './orderDetail.graphql';

/** The order's delivery exceptions, each with who looks after it, a link to its page under Problems. */
export function OrderProblems(props: { exceptions: NonNullable<OrderDetail['exceptions']> }) {
  const { t } = useI18n();
  return (
    <Show when={props.exceptions.length > 0}>
      <section class="card" aria-labelledby="order-problems-title" data-testid="order-problems">
        <h2 id="order-problems-title" class="card__title">
          {t('problems.title')}
        </h2>
        <ul class="link-list">
          <For each={props.exceptions}>
            {(exception) => (
              <li>
                <A href={`/problems/${encodeURIComponent(exception.id)}`} class="link-list__item" data-testid="order-problem" data-status={exception.status}>
                  <strong>{t(`exceptionKind.${exception.kind}`)}</strong>
                  <span>{t(`exceptionStatus.${exception.status}`)}</span>
                  <span data-testid="order-problem-owner" data-assigned={exception.owner ? 'true' : 'false'}>
                    {exception.owner ? t('problems.owner', { name: exception.owner.name }) : t('problems.noOwner')}
                  </span>
                </A>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
