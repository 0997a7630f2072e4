import { createSignal, For, Index, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import type { UserError } from '../../graphql/types';
import { UserErrorList } from '../../components/UserErrors';
import { FormField } from '../../components/FormField';
import type { MarketplaceAccount } from './marketplaceAccounts.graphql';

export interface MarketplaceAccountValues {
  name: string;
  channel: string;
  clientId: string;
  /** Empty: keep the stored key (editing). */
  apiKey: string;
  apiBaseUrl: string;
  active: boolean;
  warehouses: { ozonWarehouseId: string; warehouseCode: string }[];
}

/**
 * Add or edit an Ozon account (ADMIN). The Api-Key is write-only: the field starts empty and,
 * when editing, stays empty unless a new key is typed (the API never sends the stored one back).
 * Channel and Client-Id are fixed once the account exists. Refusals mark the field they name.
 */
export function MarketplaceAccountForm(props: {
  account?: MarketplaceAccount;
  warehouses: readonly { code: string; name: string }[];
  errors: readonly UserError[];
  busy: boolean;
  onSave: (values: MarketplaceAccountValues) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  // eslint-disable-next-line solid/reactivity -- the account only pre-fills the form (it is keyed by the account shown).
  const a = props.account;
  const [name, setName] = createSignal(a?.name ?? '');
  const [channel, setChannel] = createSignal(a?.channel ?? 'ozon');
  const [clientId, setClientId] = createSignal(a?.clientId ?? '');
  const [apiKey, setApiKey] = createSignal('');
  const [apiBaseUrl, setApiBaseUrl] = createSignal(a?.apiBaseUrl ?? '');
  const [active, setActive] = createSignal(a?.active ?? true);
  // Only the input's fields (the result's __typename must not go back to the API).
  const [mapping, setMapping] = createSignal((a?.warehouses ?? []).map((w) => ({ ozonWarehouseId: w.ozonWarehouseId, warehouseCode: w.warehouseCode })));
  const id = (field: string) => `ozon-${field}-${a?.id ?? 'new'}`;
  /** The userError about this input (the API names it by its path: input.<field>[.<index>.<sub>]). */
  const invalid = (...path: (string | number)[]) =>
    props.errors.some((e) => {
      const field = e.field ?? [];
      return path.every((p, i) => String(field[field.length - path.length + i]) === String(p));
    });
  const setRow = (i: number, patch: Partial<{ ozonWarehouseId: string; warehouseCode: string }>) =>
    setMapping((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const submit = (e: Event) => {
    e.preventDefault();
    props.onSave({
      name: name().trim(),
      channel: channel().trim(),
      clientId: clientId().trim(),
      apiKey: apiKey().trim(),
      apiBaseUrl: apiBaseUrl().trim(),
      active: active(),
      warehouses: mapping().filter((m) => m.ozonWarehouseId.trim() || m.warehouseCode),
    });
  };

  return (
    <form class="form marketplace-form" data-testid="marketplace-form" onSubmit={submit}>
      <FormField id={id('name')} label={t('marketplace.name')} invalid={invalid('name')}>
        {(control) => <input {...control} value={name()} maxlength={100} data-testid="marketplace-name" onInput={(e) => setName(e.currentTarget.value)} />}
      </FormField>
      <Show when={!a}>
        <FormField id={id('channel')} label={t('marketplace.channelCode')} hint={t('marketplace.channelHint')} invalid={invalid('channel')} controlClass="mono">
          {(control) => (
            <input
              {...control}
              value={channel()}
              maxlength={32}
              autocapitalize="off"
              spellcheck={false}
              data-testid="marketplace-channel"
              onInput={(e) => setChannel(e.currentTarget.value)}
            />
          )}
        </FormField>
        <FormField id={id('clientId')} label={t('marketplace.clientId')} invalid={invalid('clientId')} controlClass="mono">
          {(control) => (
            <input
              {...control}
              inputmode="numeric"
              autocomplete="off"
              value={clientId()}
              data-testid="marketplace-client-id"
              onInput={(e) => setClientId(e.currentTarget.value)}
            />
          )}
        </FormField>
      </Show>
      <FormField
        id={id('apiKey')}
        label={t('marketplace.apiKey')}
        hint={a ? t('marketplace.apiKeyKeep') : t('marketplace.apiKeyNew')}
        invalid={invalid('apiKey')}
        controlClass="mono"
      >
        {(control) => (
          <input
            {...control}
            type="password"
            autocomplete="new-password"
            value={apiKey()}
            data-testid="marketplace-api-key"
            onInput={(e) => setApiKey(e.currentTarget.value)}
          />
        )}
      </FormField>
      <FormField id={id('apiBaseUrl')} label={t('marketplace.apiBaseUrl')} invalid={invalid('apiBaseUrl')} controlClass="mono">
        {(control) => (
          <input
            {...control}
            inputmode="url"
            autocapitalize="off"
            spellcheck={false}
            placeholder="https://api-seller.ozon.ru"
            value={apiBaseUrl()}
            data-testid="marketplace-api-base-url"
            onInput={(e) => setApiBaseUrl(e.currentTarget.value)}
          />
        )}
      </FormField>
      <fieldset class="marketplace-form__group">
        <legend class="field__label">{t('marketplace.mapping')}</legend>
        <Index each={mapping()}>
          {(row, i) => (
            <div class="marketplace-form__mapping" data-testid="marketplace-mapping">
              <FormField id={`${id('ozonWh')}-${i}`} label={t('marketplace.ozonWarehouse')} invalid={invalid('warehouses', i, 'ozonWarehouseId')} controlClass="mono">
                {(control) => (
                  <input
                    {...control}
                    inputmode="numeric"
                    value={row().ozonWarehouseId}
                    data-testid="marketplace-ozon-warehouse"
                    onInput={(e) => setRow(i, { ozonWarehouseId: e.currentTarget.value })}
                  />
                )}
              </FormField>
              <FormField id={`${id('ourWh')}-${i}`} label={t('marketplace.ourWarehouse')} invalid={invalid('warehouses', i, 'warehouseCode')}>
                {(control) => (
                  // Not spread: a spread sets `value` before the options below exist, and the choice is lost.
                  <select
                    id={control.id}
                    class={control.class}
                    classList={control.classList}
                    aria-invalid={control['aria-invalid']}
                    aria-describedby={control['aria-describedby']}
                    value={row().warehouseCode}
                    data-testid="marketplace-our-warehouse"
                    onChange={(e) => setRow(i, { warehouseCode: e.currentTarget.value })}
                  >
                    <option value="">{t('marketplace.chooseWarehouse')}</option>
                    <Show when={row().warehouseCode && !props.warehouses.some((w) => w.code === row().warehouseCode)}>
                      <option value={row().warehouseCode}>{row().warehouseCode}</option>
                    </Show>
                    <For each={props.warehouses}>
                      {(w) => (
                        <option value={w.code}>
                          {w.code} — {w.name}
                        </option>
                      )}
                    </For>
                  </select>
                )}
              </FormField>
              <button
                type="button"
                class="button button--danger-outline"
                data-testid="marketplace-remove-mapping"
                onClick={() => setMapping((rows) => rows.filter((_, j) => j !== i))}
              >
                {t('marketplace.removeMapping')}
              </button>
            </div>
          )}
        </Index>
        <button
          type="button"
          class="button"
          data-testid="marketplace-add-mapping"
          onClick={() => setMapping((rows) => [...rows, { ozonWarehouseId: '', warehouseCode: props.warehouses.length === 1 ? props.warehouses[0]!.code : '' }])}
        >
          + {t('marketplace.addMapping')}
        </button>
      </fieldset>
      <Show when={a}>
        <label class="radio" classList={{ 'radio--checked': active() }}>
          <input type="checkbox" checked={active()} data-testid="marketplace-active" onChange={(e) => setActive(e.currentTarget.checked)} />
          <span>{t('marketplace.active')}</span>
        </label>
      </Show>
      <UserErrorList errors={props.errors} data-testid="marketplace-errors" />
      <div class="button-row">
        <button type="button" class="button" onClick={() => props.onCancel()}>
          {t('marketplace.cancel')}
        </button>
        <button type="submit" class="button button--primary" disabled={props.busy} data-testid="marketplace-save">
          {t('marketplace.save')}
        </button>
      </div>
    </form>
  );
}
