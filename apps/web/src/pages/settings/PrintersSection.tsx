import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { createQuery, useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import type { UserError } from '../../graphql/types';
import { UserErrorList } from '../../components/UserErrors';
import { newIdempotencyKey } from '../../offline/ids';
import {
  CreatePrinterMutation,
  DeletePrinterMutation,
  deviceChoice,
  fitsShippingLabel,
  NO_PRINTER,
  PRINT_STATIONS,
  PrintersQuery,
  setDeviceChoice,
  stationDefault,
  TestPrinterMutation,
  UpdatePrinterMutation,
  type Printer,
  type PrintStation,
} from '../../lib/printers';
import { PrinterForm, type PrinterFormValues } from './PrinterForm';

type Feedback = { kind: 'sending' } | { kind: 'ok'; text: string } | { kind: 'error'; errors: UserError[] };

/**
 * Settings → Printers: which printer this device uses per station (everyone who prints), and the
 * printers themselves (managers: add, edit, remove; test print for everyone who prints).
 */
export function PrintersSection(props: { canManage: boolean }) {
  const { t } = useI18n();
  const client = useClient();
  const [result, reexecute] = createQuery({ query: PrintersQuery, requestPolicy: 'cache-and-network' });
  const printers = () => result.data?.printers ?? [];
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  /** The printer being edited ('new' for the add form). */
  const [editing, setEditing] = createSignal<string>();
  const [formErrors, setFormErrors] = createSignal<UserError[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [removing, setRemoving] = createSignal<string>();
  const [feedback, setFeedback] = createSignal<Record<string, Feedback>>({});
  const [notice, setNotice] = createSignal<string>();
  const say = (printerId: string, f: Feedback) => setFeedback((all) => ({ ...all, [printerId]: f }));
  const failed = (): UserError[] => [{ code: 'NETWORK', field: null, message: t('detail.failed') }];

  const save = async (values: PrinterFormValues) => {
    setBusy(true);
    const current = editing();
    const answer =
      current === 'new'
        ? (await client.mutation(CreatePrinterMutation, { input: values, idempotencyKey: newIdempotencyKey() }).toPromise()).data?.createPrinter
        : (await client.mutation(UpdatePrinterMutation, { id: current!, input: values, idempotencyKey: newIdempotencyKey() }).toPromise()).data?.updatePrinter;
    setBusy(false);
    if (!answer) return setFormErrors(failed());
    if (answer.userErrors.length) return setFormErrors(answer.userErrors);
    setFormErrors([]);
    setEditing(undefined);
    setNotice(t('printers.saved'));
    reload();
  };

  const remove = async (printer: Printer) => {
    const answer = (await client.mutation(DeletePrinterMutation, { id: printer.id, idempotencyKey: newIdempotencyKey() }).toPromise()).data?.deletePrinter;
    setRemoving(undefined);
    if (!answer || answer.userErrors.length) return say(printer.id, { kind: 'error', errors: answer?.userErrors ?? failed() });
    for (const station of PRINT_STATIONS) if (deviceChoice(station) === printer.id) setDeviceChoice(station, undefined);
    setNotice(t('printers.removed'));
    reload();
  };

  const test = async (printer: Printer) => {
    say(printer.id, { kind: 'sending' });
    const answer = (await client.mutation(TestPrinterMutation, { printerId: printer.id }).toPromise()).data?.testPrinter;
    if (!answer || answer.userErrors.length) say(printer.id, { kind: 'error', errors: answer?.userErrors ?? failed() });
    else say(printer.id, { kind: 'ok', text: t('printers.testSent', { name: printer.name }) });
  };

  const stationText = (stations: readonly PrintStation[]) => stations.map((s) => t(`printers.station.${s}`)).join(', ');

  return (
    <section class="card printers" data-testid="settings-printers">
      <h2 class="card__title">{t('printers.title')}</h2>
      <p class="muted">{t('printers.hint')}</p>

      <div class="printers__stations">
        <For each={PRINT_STATIONS}>
          {(station) => {
            const fallback = () => stationDefault(printers(), station);
            return (
              <div class="field">
                <label class="field__label" for={`device-printer-${station}`}>
                  {t('printers.thisDevice', { station: t(`printers.station.${station}`) })}
                </label>
                <select
                  id={`device-printer-${station}`}
                  class="field__control"
                  data-testid={`device-printer-${station}`}
                  value={deviceChoice(station) ?? ''}
                  onChange={(e) => setDeviceChoice(station, e.currentTarget.value || undefined)}
                >
                  <option value="">{fallback() ? t('printers.serverDefault', { name: fallback()!.name }) : t('printers.serverDefaultNone')}</option>
                  <For each={printers().filter((p) => p.active)}>{(p) => <option value={p.id}>{p.name}</option>}</For>
                  <option value={NO_PRINTER}>{t('printers.none')}</option>
                </select>
              </div>
            );
          }}
        </For>
      </div>

      <Show when={notice()}>
        <p class="notice notice--success" role="status" data-testid="printers-notice">
          ✓ {notice()}
        </p>
      </Show>

      <Show when={result.data && printers().length === 0}>
        <p class="muted" data-testid="printers-empty">
          {t('printers.empty')}
        </p>
      </Show>
      <ul class="printers__list">
        <For each={printers()}>
          {(printer) => (
            <li class="printers__item" data-testid="printer-row" data-name={printer.name}>
              <Show
                when={editing() === printer.id}
                fallback={
                  <>
                    <p>
                      <strong>{printer.name}</strong>
                      <Show when={!printer.active}>
                        <span class="badge printers__off"> {t('printers.inactive')}</span>
                      </Show>
                    </p>
                    <p class="small muted">
                      <span class="mono">
                        {printer.host.includes(':') ? `[${printer.host}]` : printer.host}:{printer.port}
                      </span>{' '}
                      · {printer.language} · {printer.labelWidthMm} × {printer.labelHeightMm} mm
                      <Show when={printer.language === 'ZPL'}> · {printer.dpi} dpi</Show>
                    </p>
                    <Show when={printer.stations.length > 0}>
                      <p class="small">{t('printers.defaultFor', { stations: stationText(printer.stations) })}</p>
                    </Show>
                    <Show when={!fitsShippingLabel(printer)}>
                      <p class="small muted">{t('printers.tooSmall')}</p>
                    </Show>
                    <div class="button-row">
                      <button type="button" class="button" disabled={!printer.active} data-testid="printer-test" onClick={() => void test(printer)}>
                        {t('printers.test')}
                      </button>
                      <Show when={props.canManage}>
                        <button
                          type="button"
                          class="button"
                          data-testid="printer-edit"
                          onClick={() => {
                            setFormErrors([]);
                            setEditing(printer.id);
                          }}
                        >
                          {t('printers.edit')}
                        </button>
                        <button type="button" class="button button--danger-outline" data-testid="printer-remove" onClick={() => setRemoving(printer.id)}>
                          {t('printers.remove')}
                        </button>
                      </Show>
                    </div>
                    <Show when={removing() === printer.id}>
                      <div class="notice notice--warning" role="alertdialog" data-testid="printer-remove-confirm">
                        <p>{t('printers.removeConfirm', { name: printer.name })}</p>
                        <div class="button-row">
                          <button type="button" class="button" onClick={() => setRemoving(undefined)}>
                            {t('printers.cancel')}
                          </button>
                          <button type="button" class="button button--danger" data-testid="printer-remove-yes" onClick={() => void remove(printer)}>
                            {t('printers.remove')}
                          </button>
                        </div>
                      </div>
                    </Show>
                    <TestFeedback feedback={feedback()[printer.id]} />
                  </>
                }
              >
                <PrinterForm printer={printer} errors={formErrors()} busy={busy()} onSave={(v) => void save(v)} onCancel={() => setEditing(undefined)} />
              </Show>
            </li>
          )}
        </For>
      </ul>

      <Show when={props.canManage}>
        <Show
          when={editing() === 'new'}
          fallback={
            <button
              type="button"
              class="button button--wide"
              data-testid="printer-add"
              onClick={() => {
                setFormErrors([]);
                setNotice(undefined);
                setEditing('new');
              }}
            >
              + {t('printers.add')}
            </button>
          }
        >
          <PrinterForm errors={formErrors()} busy={busy()} onSave={(v) => void save(v)} onCancel={() => setEditing(undefined)} />
        </Show>
      </Show>
    </section>
  );
}

/** What became of a test print: on its way, sent, or why not. */
function TestFeedback(props: { feedback: Feedback | undefined }) {
  const { t } = useI18n();
  return (
    <Switch>
      <Match when={props.feedback?.kind === 'sending'}>
        <p class="small muted" role="status">
          {t('action.sending')}
        </p>
      </Match>
      <Match when={props.feedback?.kind === 'ok' && props.feedback}>
        {(f) => (
          <p class="notice notice--success" role="status" data-testid="printer-test-result">
            ✓ {f().text}
          </p>
        )}
      </Match>
      <Match when={props.feedback?.kind === 'error' && props.feedback}>{(f) => <UserErrorList errors={f().errors} data-testid="printer-test-errors" />}</Match>
    </Switch>
  );
}
