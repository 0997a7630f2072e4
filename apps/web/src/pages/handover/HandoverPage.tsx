import { Match, Show, Switch } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { Guarded } from '../../components/Guarded';
import { OfflineBanner } from '../../components/OfflineBanner';
import { Outcome } from '../../components/Outcome';
import { PageHead } from '../../components/PageHead';
import { LoadError, LoadingState } from '../../components/QueryStates';
import { StateMessage } from '../../components/StateMessage';
import { ClosedActs, NewAct, OpenActs } from './ActLists';
import { ClosedActPanel, ManifestCard } from './ManifestCard';
import { useHandover } from './useHandover';

/**
 * Hand-over (routes /handover, /handover/:id): the open acts per carrier, or a new one; scan the
 * parcels onto the act (unlabelled parcels and other carriers' parcels are refused, in words),
 * remove one, and close the act when the driver has signed — then print the act PDF.
 */
export default function HandoverPage() {
  const { t } = useI18n();
  const params = useParams<{ id?: string }>();
  const handover = useHandover(() => (params.id ? decodeURIComponent(params.id) : undefined));
  const data = () => handover.result.data;
  // The act just closed shows as its PDF, not as a second notice.
  const outcome = () => {
    const attempt = handover.attempt();
    return attempt && !(attempt.op === 'closeManifest' && handover.closed()) ? attempt : undefined;
  };

  return (
    <section class="page handover" data-testid="handover-page">
      <PageHead title={t('handover.title')} subtitle={t('handover.subtitle')} floorLink />
      <Guarded permission="shipping" data-testid="handover-forbidden">
        <OfflineBanner result={handover.result} onRetry={handover.reload} />
        <Show when={handover.closed()}>{(closed) => <ClosedActPanel closed={closed()} />}</Show>
        <Show when={outcome()}>
          {(a) => (
            <Outcome
              outcome={a().outcome}
              done={t(a().op === 'createManifest' ? 'handover.created' : a().op === 'closeManifest' ? 'handover.closed' : 'handover.removed')}
              onRetry={handover.retry}
              onReload={handover.reload}
              data-testid="handover-outcome"
            />
          )}
        </Show>
        <Switch>
          <Match when={handover.selected()}>
            {(manifest) => (
              <ManifestCard
                manifest={manifest()}
                pending={handover.pendingFor(manifest().id)}
                notice={handover.notice()}
                onScan={handover.onScan}
                onRemove={(parcelCode) => handover.remove(manifest(), parcelCode)}
                onClose={() => handover.close(manifest())}
              />
            )}
          </Match>
          <Match when={params.id && data() && !handover.closed()}>
            <StateMessage icon="?" title={t('handover.notOpen')} data-testid="manifest-not-open">
              <A href="/handover" class="button button--primary">
                {t('handover.allActs')}
              </A>
            </StateMessage>
          </Match>
          <Match when={!params.id && data()}>
            <NewAct carriers={handover.carriers()} carrier={handover.chosenCarrier()} onCarrier={handover.setCarrier} onCreate={handover.create} />
            <OpenActs acts={handover.open()} />
            <ClosedActs acts={handover.recentlyClosed()} reprint={handover.reprint()} onPrint={handover.printAct} onOpenPdf={handover.openActPdf} />
          </Match>
          <Match when={handover.result.error}>
            <LoadError title={t('queue.error.title')} onRetry={handover.reload} />
          </Match>
          <Match when={!handover.closed()}>
            <LoadingState />
          </Match>
        </Switch>
      </Guarded>
    </section>
  );
}
