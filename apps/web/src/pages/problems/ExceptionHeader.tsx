import { Show } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { CarrierName } from '../../components/carrierName';
import { ExceptionDeadlines } from './ExceptionDeadlines';
import type { ExceptionDetail } from './exception.graphql';

/** What went wrong, on which order, since when, who opened it, how it ended; the clocks; the notes. */
export function ExceptionHeader(props: { exception: ExceptionDetail; now: Date }) {
  const { t, dateTime, relativeTime, money } = useI18n();
  const e = () => props.exception;
  return (
    <header class="card detail-head" data-testid="exception-header" data-status={e().status} data-kind={e().kind}>
      <div class="detail-head__row">
        <h1 class="order-number order-number--big" data-testid="exception-kind">
          {t(`exceptionKind.${e().kind}`)}
        </h1>
        <span class="order-row__spacer" />
        <span class="badge tone-alert" data-testid="exception-status">
          {t(`exceptionStatus.${e().status}`)}
        </span>
      </div>
      <ExceptionDeadlines exception={e()} now={props.now} />
      <dl class="facts">
        <div>
          <dt>{t('exception.order')}</dt>
          <dd>
            <A href={`/orders/${encodeURIComponent(e().order.id)}`} class="inline-link" data-testid="exception-order-link">
              #{e().order.number}
            </A>
          </dd>
        </div>
        <Show when={e().shipment}>
          {(shipment) => (
            <div>
              <dt>{t('exception.carrier')}</dt>
              <dd data-testid="exception-carrier">
                <CarrierName carrier={shipment().carrier} />
              </dd>
            </div>
          )}
        </Show>
        <div>
          <dt>{t('exception.openedAt')}</dt>
          <dd data-testid="exception-opened">
            {relativeTime(e().createdAt, props.now)} · {dateTime(e().createdAt, props.now)} ·{' '}
            {t(e().source === 'tracking' ? 'exception.source.tracking' : 'exception.source.manual')}
          </dd>
        </div>
        <Show when={e().reshipOrder}>
          {(reship) => (
            <div>
              <dt>{t('reship.order')}</dt>
              <dd>
                <A href={`/orders/${encodeURIComponent(reship().id)}`} class="inline-link" data-testid="exception-reship-link">
                  #{reship().number}
                </A>
                <Show when={e().reshipCost}>{(cost) => ` · ${t('reship.cost')}: ${money(cost())}`}</Show>
              </dd>
            </div>
          )}
        </Show>
        <Show when={e().owner}>
          {(owner) => (
            <div>
              <dt>{t('exception.owner')}</dt>
              <dd>{owner().name}</dd>
            </div>
          )}
        </Show>
        <Show when={e().resolution}>
          {(resolution) => (
            <div>
              <dt>{t('exception.resolution')}</dt>
              <dd data-testid="exception-resolution">{t(`exceptionResolution.${resolution()}`)}</dd>
            </div>
          )}
        </Show>
      </dl>
      <h2 class="card__title">{t('exception.notes')}</h2>
      <p class="exception-note" data-testid="exception-note">
        {e().note || t('exception.noNotes')}
      </p>
    </header>
  );
}
