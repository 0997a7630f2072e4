import { createSignal, Show } from 'solid-js';
import { useParams } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { Outcome } from '../../components/Outcome';
import { createNodeQuery, DetailPage, type DetailShell } from '../../components/DetailPage';
import { createLiveRefetch } from '../../graphql/live';
import { OrderChangedSubscription } from '../../graphql/subscriptions';
import { createNow } from '../../lib/clock';
import { TrackingSection } from '../order/TrackingSection';
import { useViewer } from '../../auth/viewer';
import { Claims } from './Claims';
import { Evidence } from './Evidence';
import { ExceptionActions } from './ExceptionActions';
import { ExceptionHeader } from './ExceptionHeader';
import { ExceptionOrder } from './ExceptionOrder';
import { ExceptionSheet } from './ExceptionSheet';
import { ExceptionDetailQuery, type ExceptionDetail } from './exception.graphql';
import { OWN_SHEETS, useExceptionActions } from './useExceptionActions';
import { AddEvidenceSheet } from './AddEvidenceSheet';
import { AssignSheet } from './AssignSheet';
import { useEvidenceUpload } from './useEvidenceUpload';

const SHELL: DetailShell = {
  class: 'page exception-detail',
  testId: 'exception-detail',
  part: 'exception',
  permission: 'exceptions:read',
  back: '/problems',
  backTestId: 'back-to-problems',
};

/**
 * One delivery exception (route /problems/:id): what went wrong and its clocks, the actions, the
 * order, the evidence (packing photos, weight, label, act) and the tracking of each parcel.
 */
export default function ExceptionDetailPage() {
  const { t } = useI18n();
  const params = useParams<{ id: string }>();
  const viewer = useViewer();
  const now = createNow(1000);
  const id = () => decodeURIComponent(params.id);
  const { result, entity: exception, refetch } = createNodeQuery<ExceptionDetail>(ExceptionDetailQuery, id, 'kind');
  // Live: the order changed elsewhere (tracking, a colleague's action) → show it as it is now.
  createLiveRefetch(
    OrderChangedSubscription,
    () => (exception() ? { id: exception()!.order.id } : null),
    () => refetch(),
  );
  const actions = useExceptionActions(() => exception() ?? undefined);
  // Evidence is uploaded at once (never queued): its own state, its own "added" notice.
  const upload = useEvidenceUpload(() => exception()?.id);
  const [evidenceAdded, setEvidenceAdded] = createSignal(false);
  const openSheet: typeof actions.open = (sheet) => {
    setEvidenceAdded(false);
    upload.reset();
    actions.open(sheet);
  };
  const sheetKind = () => actions.sheet()?.kind;

  return (
    <DetailPage
      shell={SHELL}
      backLabel={t('problems.back')}
      query={{ result, entity: exception, refetch }}
      errorTitle={t('problems.error')}
      notFoundTitle={t('problems.notFound')}
    >
      {(e) => (
        <>
          <ExceptionHeader exception={e()} now={now()} />
          <Show when={viewer.can('exceptions:manage')}>
            <ExceptionActions status={e().status} busy={actions.action.busy()} onOpen={openSheet} />
          </Show>
          <Show when={!actions.sheet() && evidenceAdded()}>
            <p class="notice notice--success" role="status" data-testid="evidence-added-notice">
              {t('evidence.done')}
            </p>
          </Show>
          <Show when={!actions.sheet() && !evidenceAdded() && actions.action.attempt()}>
            {(attempt) => (
              <Outcome
                outcome={attempt().outcome}
                done={t(`exception.done.${attempt().op}`)}
                onRetry={actions.action.retry}
                onReload={refetch}
                data-testid="exception-outcome"
                data-op={attempt().op}
                part="exception"
                retryTestId="exception-retry"
              />
            )}
          </Show>
          <Claims exception={e()} now={now()} onUpdate={viewer.can('exceptions:manage') ? (claim) => actions.open({ kind: 'claimUpdate', claim }) : undefined} />
          <ExceptionOrder order={e().order} now={now()} />
          <Evidence parcels={e().evidence?.parcels ?? []} added={e().evidence?.added ?? []} now={now()} />
          <TrackingSection order={e().order} tracking={e().order.tracking ?? []} now={now()} />
          <Show when={sheetKind() === 'evidence'}>
            <AddEvidenceSheet
              upload={upload}
              onClose={actions.close}
              onDone={() => {
                actions.close();
                setEvidenceAdded(true);
                refetch();
              }}
            />
          </Show>
          <Show when={sheetKind() === 'assign'}>
            <AssignSheet
              current={e().owner}
              errors={actions.action.errors()}
              busy={actions.action.busy()}
              onClose={actions.close}
              onSubmit={(userId) => void actions.submit('assignException', { userId })}
            />
          </Show>
          <Show when={!OWN_SHEETS.includes(sheetKind()!) && actions.sheet()}>
            {(sheet) => (
              <ExceptionSheet
                sheet={sheet()}
                exception={e()}
                errors={actions.action.errors()}
                busy={actions.action.busy()}
                onClose={actions.close}
                onSubmit={(op, variables) => void actions.submit(op, variables)}
              />
            )}
          </Show>
        </>
      )}
    </DetailPage>
  );
}
