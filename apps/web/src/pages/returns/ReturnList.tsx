import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import type { StatusTone } from '../../components/StatusBadge';
import { ListChunk } from '../../components/ListChunk';
import { RETURNS_PAGE, ReturnsQuery, type ReturnRowData, type ReturnStatus } from './returns.graphql';

const TONE: Record<ReturnStatus, StatusTone> = {
  REQUESTED: 'hold',
  APPROVED: 'new',
  IN_TRANSIT: 'moving',
  RECEIVED: 'work',
  INSPECTED: 'ready',
  CLOSED: 'done',
  DECLINED: 'muted',
  CANCELLED: 'muted',
};

export function ReturnStatusBadge(props: { status: ReturnStatus }) {
  const { t } = useI18n();
  return (
    <span class={`badge tone-${TONE[props.status] ?? 'muted'}`} data-testid="return-status" data-status={props.status}>
      {t(`returnStatus.${props.status}`)}
    </span>
  );
}

/** One return: R-number, status, order, reason, units, when it was asked for. */
export function ReturnRow(props: { row: ReturnRowData }) {
  const { t, tn, relativeTime } = useI18n();
  const units = () => props.row.lines.reduce((sum, line) => sum + line.quantity, 0);
  return (
    <li class="order-rows__item">
      <A href={`/returns/${encodeURIComponent(props.row.id)}`} class="order-row" data-testid="return-row" data-id={props.row.id} data-number={props.row.number}>
        <div class="order-row__head">
          <strong class="order-number">R-{props.row.number}</strong>
          <Show when={props.row.order}>{(order) => <span>{t('returns.order', { number: order().number })}</span>}</Show>
          <span class="order-row__spacer" />
          <ReturnStatusBadge status={props.row.status} />
        </div>
        <div class="order-row__meta">
          <span>{t(`returnReason.${props.row.reason}`)}</span>
          <span>{tn('returns.units', units())}</span>
          <span>{t('returns.requested', { time: relativeTime(props.row.createdAt) })}</span>
        </div>
      </A>
    </li>
  );
}

/**
 * Returns of some statuses, newest first, a page at a time: each "Show more" adds a page (its own
 * query after the previous page's cursor), so no query grows past the API's cost limit.
 */
export function ReturnList(props: { status: ReturnStatus[] | undefined; liveTick: number }) {
  const [cursors, setCursors] = createSignal<string[]>([]);
  const pages = createMemo<(string | null)[]>(() => [null, ...cursors()]);
  return (
    <div data-testid="returns-list">
      <For each={pages()}>
        {(after, index) => (
          <ReturnPage
            status={props.status}
            liveTick={props.liveTick}
            after={after}
            first={index() === 0}
            last={index() === pages().length - 1}
            onMore={(cursor) => setCursors([...cursors(), cursor])}
          />
        )}
      </For>
    </div>
  );
}

function ReturnPage(props: {
  status: ReturnStatus[] | undefined;
  liveTick: number;
  after: string | null;
  first: boolean;
  last: boolean;
  onMore: (cursor: string) => void;
}) {
  const { t } = useI18n();
  const [result, reexecute] = createQuery({
    query: ReturnsQuery,
    variables: () => ({ first: RETURNS_PAGE, after: props.after, status: props.status }),
    requestPolicy: 'cache-and-network',
  });
  const retry = () => reexecute({ requestPolicy: 'network-only' });
  createEffect(on(() => props.liveTick, retry, { defer: true }));
  const connection = () => result.data?.returns;
  const rows = () => connection()?.edges.map((e) => e.node) ?? [];
  return (
    <ListChunk
      result={result}
      onRetry={retry}
      rows={rows()}
      pageInfo={connection()?.pageInfo}
      first={props.first}
      last={props.last}
      onMore={(cursor) => props.onMore(cursor)}
      testId="returns"
      errorTitle={t('returns.error')}
      emptyTitle={t('returns.empty')}
      moreLabel={t('returns.more')}
    >
      {(row) => <ReturnRow row={row} />}
    </ListChunk>
  );
}
