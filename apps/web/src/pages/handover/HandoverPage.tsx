import { createMemo, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { A, useNavigate, useParams } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import { PageHead } from '../../components/PageHead';
import { useViewer } from '../../auth/viewer';
import { DocumentPanel } from '../../components/DocumentPanel';
import { OfflineBanner } from '../../components/OfflineBanner';
import { Outcome } from '../../components/Outcome';
import { ScanInput, type ScanVerdict } from '../../components/ScanInput';
import { ScanMessage, type ScanNotice } from '../../components/ScanMessage';
import { Sheet } from '../../components/Sheet';
import { LoadError, LoadingState } from '../../components/QueryStates';
import { StateMessage } from '../../components/StateMessage';
import { Guarded } from '../../components/Guarded';
import { useUserErrorText } from '../../components/UserErrors';
import type { PrintableDocument } from '../../lib/documents';
import { newIdempotencyKey } from '../../offline/ids';
import { useOutbox, type SubmitOutcome } from '../../offline/outbox';
import {
  AddParcelToManifestMutation,
  CloseManifestMutation,
  CreateManifestMutation,
  HandoverQuery,
  ManifestActQuery,
  RemoveParcelFromManifestMutation,
  type ManifestNode,
  type ManifestPayload,
} from './handover.graphql';

/**
 * Hand-over (routes /handover, /handover/:id): the open acts per carrier, or a new one; scan the
 * parcels onto the act (unlabelled parcels and other carriers' parcels are refused, in words),
 * remove one, and close the act when the driver has signed — then print the act PDF.
 */
export default function HandoverPage() {
  const { t, tn, number, dateTime } = useI18n();
  const params = useParams<{ id?: string }>();
  const manifestId = () => (params.id ? decodeURIComponent(params.id) : undefined);
  const navigate = useNavigate();
  const client = useClient();
  const outbox = useOutbox();
  const viewer = useViewer();
  const errorText = useUserErrorText();
  // additionalTypenames: refetched after every act / parcel change, also when no act is listed yet.
  const [result, reexecute] = createQuery({ query: HandoverQuery, requestPolicy: 'cache-and-network', context: { additionalTypenames: ['Manifest', 'Parcel'] } });
  const reload = () => reexecute({ requestPolicy: 'network-only' });

  const [carrier, setCarrier] = createSignal<string>();
  const [notice, setNotice] = createSignal<ScanNotice>();
  const [attempt, setAttempt] = createSignal<{ op: string; variables: Record<string, unknown>; outcome?: SubmitOutcome }>();
  const [confirming, setConfirming] = createSignal(false);
  const [closed, setClosed] = createSignal<{ number: number; act: PrintableDocument; orders: { id: string; number: number }[] }>();
  const [act, setAct] = createSignal<{ id: string; document?: PrintableDocument; loading?: boolean }>();
  const waiting = new Set<string>();
  onCleanup(() => {
    for (const key of waiting) outbox.detach(key);
  });

  const open = () => result.data?.open.edges.map((e) => e.node) ?? [];
  const selected = createMemo<ManifestNode | undefined>(() => (manifestId() ? open().find((m) => m.id === manifestId()) : undefined));
  const carriers = () => result.data?.carriers ?? [];
  const chosenCarrier = () => carrier() ?? carriers()[0]?.code ?? '';
  const pendingFor = (manifestId: string) =>
    outbox.items().filter((i) => i.status === 'pending' && i.meta?.manifestId === manifestId && i.op === 'addParcelToManifest');

  const submit = async (op: string, query: typeof CreateManifestMutation, variables: Record<string, unknown>, manifest?: { id: string; number: number }) => {
    const key = String(variables.idempotencyKey);
    waiting.add(key);
    const outcome = await outbox.submit({
      op,
      query,
      variables,
      entity: manifest ? { type: 'Manifest', id: manifest.id, label: t('handover.actNumber', { number: manifest.number }) } : undefined,
      meta: manifest ? { manifestId: manifest.id, parcelCode: variables.parcelCode } : undefined,
    });
    waiting.delete(key);
    return outcome;
  };

  const create = async () => {
    const variables = { carrierCode: chosenCarrier(), idempotencyKey: newIdempotencyKey() };
    setAttempt({ op: 'createManifest', variables });
    const outcome = await submit('createManifest', CreateManifestMutation, variables);
    setAttempt({ op: 'createManifest', variables, outcome });
    const manifest = outcome.kind === 'done' ? (outcome.payload as ManifestPayload | null)?.manifest : null;
    if (manifest) {
      navigate(`/handover/${encodeURIComponent(manifest.id)}`);
    }
  };

  const onScan = async (raw: string): Promise<ScanVerdict> => {
    const manifest = selected();
    if (!manifest) return 'error';
    const code = raw.trim();
    if (manifest.parcels.some((p) => p.code === code) || pendingFor(manifest.id).some((i) => i.variables.parcelCode === code)) {
      setNotice({ kind: 'info', text: t('handover.alreadyOnAct', { parcel: code }) });
      return 'ok';
    }
    const outcome = await submit('addParcelToManifest', AddParcelToManifestMutation, { manifestId: manifest.id, parcelCode: code, idempotencyKey: newIdempotencyKey() }, manifest);
    if (outcome.kind === 'queued') {
      setNotice({ kind: 'info', text: t('handover.parcelQueued', { parcel: code }) });
      return 'ok';
    }
    if (outcome.kind === 'failed') {
      setNotice({ kind: 'error', text: t('detail.failed'), code: outcome.code });
      return 'error';
    }
    if (outcome.userErrors.length) {
      setNotice({ kind: 'error', text: errorText(outcome.userErrors[0]), code: outcome.userErrors[0].code, detail: code });
      return 'error';
    }
    setNotice({ kind: 'ok', text: t('handover.parcelAdded', { parcel: code }) });
    return 'ok';
  };

  const remove = async (manifest: ManifestNode, parcelCode: string) => {
    const variables = { manifestId: manifest.id, parcelCode, idempotencyKey: newIdempotencyKey() };
    setAttempt({ op: 'removeParcelFromManifest', variables });
    const outcome = await submit('removeParcelFromManifest', RemoveParcelFromManifestMutation, variables, manifest);
    setAttempt({ op: 'removeParcelFromManifest', variables, outcome });
  };

  const close = async (manifest: ManifestNode, again?: Record<string, unknown>) => {
    setConfirming(false);
    const variables = again ?? { manifestId: manifest.id, idempotencyKey: newIdempotencyKey() };
    setAttempt({ op: 'closeManifest', variables });
    const outcome = await submit('closeManifest', CloseManifestMutation, variables, manifest);
    setAttempt({ op: 'closeManifest', variables, outcome });
    const payload = outcome.kind === 'done' && outcome.userErrors.length === 0 ? (outcome.payload as ManifestPayload | null) : null;
    if (payload?.manifest?.act) {
      const orders = new Map(manifest.parcels.flatMap((p) => (p.order ? [[p.order.id, { id: p.order.id, number: p.order.number }] as const] : [])));
      setClosed({ number: payload.manifest.number, act: payload.manifest.act, orders: [...orders.values()] });
    }
  };

  const printAct = async (id: string) => {
    setAct({ id, loading: true });
    const answer = await client.query(ManifestActQuery, { id }, { requestPolicy: 'network-only', persist: false }).toPromise();
    setAct({ id, document: answer.data?.manifest?.act });
  };

  const doneText = (op: string) =>
    op === 'createManifest' ? t('handover.created') : op === 'closeManifest' ? t('handover.closed') : t('handover.removed');

  return (
    <section class="page handover" data-testid="handover-page">
      <PageHead title={t('handover.title')} subtitle={t('handover.subtitle')} floorLink />
      <Guarded permission="shipping" data-testid="handover-forbidden">
        <OfflineBanner result={result} onRetry={reload} />
        <Show when={closed()}>
          {(c) => (
            <div data-testid="handover-closed">
              <DocumentPanel title={t('handover.actReady', { number: c().number })} document={c().act} autoOpen data-testid="act-document" />
              <Show when={viewer.can('shipping')}>
                <ul class="floor-links">
                  <For each={c().orders}>
                    {(order) => (
                      <li class="floor-links__item">
                        <span class="floor-links__order">#{order.number}</span>
                        <A href={`/ship/${encodeURIComponent(order.id)}`} class="button button--primary button--small" data-testid="handover-to-ship">
                          {t('floor.ship')}
                        </A>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </div>
          )}
        </Show>
        <Show when={attempt() && !(attempt()!.op === 'closeManifest' && closed()) ? attempt() : undefined}>
          {(a) => (
            <Outcome
              outcome={a().outcome}
              done={doneText(a().op)}
              onRetry={() => {
                const m = selected();
                if (a().op === 'closeManifest' && m) void close(m, a().variables);
              }}
              onReload={reload}
              data-testid="handover-outcome"
            />
          )}
        </Show>
        <Switch>
          <Match when={selected()}>
            {(manifest) => (
              <article class="card manifest" data-testid="manifest" data-manifest-id={manifest().id} data-carrier={manifest().carrier.code}>
                <div class="parcel__head">
                  <h2 class="card__title">{t('handover.actNumber', { number: manifest().number })}</h2>
                  <span class="badge tone-ready">{manifest().carrier.name}</span>
                </div>
                <ScanInput label={t('handover.scanLabel')} placeholder={t('handover.scanPlaceholder')} captureKeys onScan={onScan} data-testid="handover-scan" />
                <ScanMessage notice={notice()} />
                <p class="manifest__count" data-testid="manifest-count">
                  {tn('handover.parcels', manifest().parcels.length)}
                </p>
                <ul class="manifest__parcels" data-testid="manifest-parcels">
                  <For each={manifest().parcels}>
                    {(parcel) => (
                      <li class="manifest__parcel" data-testid="manifest-parcel" data-code={parcel.code}>
                        <span class="mono manifest__code">{parcel.code}</span>
                        <span class="muted small">{parcel.order ? `#${parcel.order.number}` : ''}</span>
                        <button type="button" class="button button--small button--danger-outline" data-testid="manifest-remove" onClick={() => void remove(manifest(), parcel.code)}>
                          {t('handover.remove')}
                        </button>
                      </li>
                    )}
                  </For>
                  <For each={pendingFor(manifest().id)}>
                    {(item) => (
                      <li class="manifest__parcel manifest__parcel--pending" data-testid="manifest-parcel-pending">
                        <span class="mono manifest__code">{String(item.variables.parcelCode)}</span>
                        <span class="muted small">⇅ {t('handover.waitingToSync')}</span>
                      </li>
                    )}
                  </For>
                </ul>
                <button
                  type="button"
                  class="button button--primary button--wide button--tall"
                  data-testid="manifest-close"
                  disabled={manifest().parcels.length === 0}
                  onClick={() => setConfirming(true)}
                >
                  {t('handover.close')}
                </button>
                <A href="/handover" class="button button--wide manifest__back">
                  {t('handover.allActs')}
                </A>
                <Show when={confirming()}>
                  <Sheet title={t('handover.close')} closeLabel={t('action.close')} onClose={() => setConfirming(false)} data-testid="close-manifest-sheet">
                    <div class="form">
                      <p class="confirm__text">
                        {t('handover.confirmText', { number: manifest().number, carrier: manifest().carrier.name, count: number(manifest().parcels.length) })}
                      </p>
                      <button type="button" class="button button--primary button--wide button--tall" data-testid="manifest-close-confirm" onClick={() => void close(manifest())}>
                        ✍ {t('handover.driverSigned')}
                      </button>
                      <button type="button" class="button button--wide" onClick={() => setConfirming(false)}>
                        {t('action.back')}
                      </button>
                    </div>
                  </Sheet>
                </Show>
              </article>
            )}
          </Match>
          <Match when={params.id && result.data && !closed()}>
            <StateMessage icon="?" title={t('handover.notOpen')} data-testid="manifest-not-open">
              <A href="/handover" class="button button--primary">
                {t('handover.allActs')}
              </A>
            </StateMessage>
          </Match>
          <Match when={!params.id && result.data}>
            <section class="card" aria-labelledby="new-act-title">
              <h2 id="new-act-title" class="card__title">
                {t('handover.newAct')}
              </h2>
              <label class="field">
                <span class="field__label">{t('pack.carrier')}</span>
                <select class="field__control" data-testid="handover-carrier" value={chosenCarrier()} onChange={(e) => setCarrier(e.currentTarget.value)}>
                  <For each={carriers()}>{(c) => <option value={c.code}>{c.name}</option>}</For>
                </select>
              </label>
              <button type="button" class="button button--primary button--wide button--tall" data-testid="handover-create" disabled={!chosenCarrier()} onClick={() => void create()}>
                {t('handover.create')}
              </button>
            </section>
            <h2 class="section-title">{t('handover.openActs')}</h2>
            <Show when={open().length > 0} fallback={<p class="muted">{t('handover.noOpenActs')}</p>}>
              <ul class="floor-list" data-testid="open-manifests">
                <For each={open()}>
                  {(m) => (
                    <li>
                      <A href={`/handover/${encodeURIComponent(m.id)}`} class="floor-card floor-card__main" data-testid="open-manifest" data-carrier={m.carrier.code}>
                        <span class="floor-card__row">
                          <span class="floor-card__title">{t('handover.actNumber', { number: m.number })}</span>
                          <span class="badge tone-ready">{m.carrier.name}</span>
                        </span>
                        <span class="muted small">
                          {tn('handover.parcels', m.parcelCount)} · {dateTime(m.createdAt)}
                        </span>
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={(result.data?.closed.edges.length ?? 0) > 0}>
              <h2 class="section-title">{t('handover.recentlyClosed')}</h2>
              <ul class="floor-list">
                <For each={result.data!.closed.edges.map((e) => e.node)}>
                  {(m) => (
                    <li class="floor-card" data-testid="closed-manifest">
                      <span class="floor-card__main">
                        <span class="floor-card__title">
                          {t('handover.actNumber', { number: m.number })} · {m.carrier.name}
                        </span>
                        <span class="muted small">
                          {tn('handover.parcels', m.parcelCount)} · {m.closedAt ? dateTime(m.closedAt) : ''}
                        </span>
                      </span>
                      <button type="button" class="button button--small" data-testid="closed-manifest-print" disabled={act()?.loading} onClick={() => void printAct(m.id)}>
                        {t('handover.printAct')}
                      </button>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={act()?.document}>{(doc) => <DocumentPanel title={t('handover.act')} document={doc()} autoOpen data-testid="act-reprint" />}</Show>
            </Show>
          </Match>
          <Match when={result.error}>
            <LoadError title={t('queue.error.title')} onRetry={reload} />
          </Match>
          <Match when={!closed()}>
            <LoadingState />
          </Match>
        </Switch>
      </Guarded>
    </section>
  );
}

