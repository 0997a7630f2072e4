import { createSignal, For, Show } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import { useViewer } from '../../auth/viewer';
import { PageHead } from '../../components/PageHead';
import { Guarded } from '../../components/Guarded';
import { ScanInput, type ScanVerdict } from '../../components/ScanInput';
import { ScanMessage, type ScanNotice } from '../../components/ScanMessage';
import { createViewParam, ViewChips } from '../../components/ViewChips';
import { createLiveRefetch } from '../../graphql/live';
import { OrderQueueChangedSubscription } from '../../graphql/subscriptions';
import { ReturnList, ReturnRow } from './ReturnList';
import { ReturnsByScanQuery, type ReturnRowData, type ReturnStatus } from './returns.graphql';

/** The list's views: the statuses each shows (all: any). */
const VIEWS = {
  requested: ['REQUESTED'],
  expected: ['APPROVED', 'IN_TRANSIT'],
  received: ['RECEIVED'],
  inspected: ['INSPECTED'],
  all: undefined,
} satisfies Record<string, ReturnStatus[] | undefined>;
type View = keyof typeof VIEWS;

/**
 * Returns (route /returns): the returns station and the list. Scan first: the parcel's label
 * (R-number), its return tracking number, the marketplace's return id or the order / posting number
 * opens the return (a choice when several match). Below, the returns by status — managers start at
 * those to approve, the floor at those expected. Refetched when orders change.
 */
export default function ReturnsPage() {
  const { t, tn } = useI18n();
  const viewer = useViewer();
  const client = useClient();
  const navigate = useNavigate();
  const [view, setView] = createViewParam(Object.keys(VIEWS) as View[], () => (viewer.can('returns:manage') ? 'requested' : 'expected'));
  const [notice, setNotice] = createSignal<ScanNotice>();
  const [matches, setMatches] = createSignal<ReturnRowData[]>([]);
  const [liveTick, setLiveTick] = createSignal(0);
  createLiveRefetch(
    OrderQueueChangedSubscription,
    () => ({}),
    () => setLiveTick((n) => n + 1),
    500,
  );

  const onScan = async (raw: string): Promise<ScanVerdict> => {
    const code = raw.trim();
    setMatches([]);
    const answer = await client.query(ReturnsByScanQuery, { code }, { requestPolicy: 'network-only' }).toPromise();
    const found = answer.data?.returnsByScan;
    if (!found) {
      setNotice({ kind: 'error', text: t('returns.scanFailed'), detail: code });
      return 'error';
    }
    if (found.length === 0) {
      setNotice({ kind: 'error', text: t('returns.scanNone', { code }) });
      return 'error';
    }
    if (found.length === 1) {
      setNotice(undefined);
      navigate(`/returns/${encodeURIComponent(found[0].id)}`);
      return 'ok';
    }
    setNotice({ kind: 'info', text: tn('returns.scanMany', found.length) });
    setMatches(found);
    return 'ok';
  };

  return (
    <section class="page returns" data-testid="returns-page">
      <PageHead title={t('returns.title')} subtitle={t('returns.subtitle')} />
      <Guarded permission="returns:read" data-testid="returns-forbidden">
        <Show when={viewer.can('returns:receive')}>
          <ScanInput label={t('returns.scan')} placeholder={t('returns.scanPlaceholder')} captureKeys dock onScan={onScan} data-testid="returns-scan" />
        </Show>
        <ScanMessage notice={notice()} data-testid="returns-notice" />
        <Show when={matches().length > 0}>
          <ul class="order-rows" data-testid="returns-matches">
            <For each={matches()}>{(row) => <ReturnRow row={row} />}</For>
          </ul>
        </Show>
        <ViewChips
          views={Object.keys(VIEWS) as View[]}
          current={view()}
          onSelect={setView}
          label={t('returns.views')}
          labelOf={(name) => t(`returns.view.${name}`)}
          testId="returns"
        />
        <Show when={view()} keyed>
          {(name) => <ReturnList status={VIEWS[name]} liveTick={liveTick()} />}
        </Show>
      </Guarded>
    </section>
  );
}
