import { createSignal, For, Index, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import type { UserError } from '../../graphql/types';
import { UserErrorList } from '../../components/UserErrors';
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
      <div class="field">
        <label class="field__label" for={id('name')}>
          {t('marketplace.name')}
        </label>
        <input
          id={id('name')}
          class="field__control"
          classList={{ 'field__control--invalid': invalid('name') }}
          aria-invalid={invalid('name')}
          value={name()}
          maxlength={100}
          data-testid="marketplace-name"
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </div>
      <Show when={!a}>
        <div class="field">
          <label class="field__label" for={id('channel')}>
            {t('marketplace.channelCode')}
          </label>
          <input
            id={id('channel')}
            class="field__control mono"
            classList={{ 'field__control--invalid': invalid('channel') }}
            aria-invalid={invalid('channel')}
            aria-describedby={`${id('channel')}-hint`}
            value={channel()}
            maxlength={32}
            autocapitalize="off"
            spellcheck={false}
            data-testid="marketplace-channel"
            onInput={(e) => setChannel(e.currentTarget.value)}
          />
          <span class="small muted" id={`${id('channel')}-hint`}>
            {t('marketplace.channelHint')}
          </span>
        </div>
        <div class="field">
          <label class="field__label" for={id('clientId')}>
            {t('marketplace.clientId')}
          </label>
          <input
            id={id('clientId')}
            class="field__control mono"
            classList={{ 'field__control--invalid': invalid('clientId') }}
            aria-invalid={invalid('clientId')}
            inputmode="numeric"
            autocomplete="off"
            value={clientId()}
            data-testid="marketplace-client-id"
            onInput={(e) => setClientId(e.currentTarget.value)}
          />
        </div>
      </Show>
      <div class="field">
        <label class="field__label" for={id('apiKey')}>
          {t('marketplace.apiKey')}
        </label>
        <input
          id={id('apiKey')}
          type="password"
          class="field__control mono"
          classList={{ 'field__control--invalid': invalid('apiKey') }}
          aria-invalid={invalid('apiKey')}
          aria-describedby={`${id('apiKey')}-hint`}
          autocomplete="new-password"
          value={apiKey()}
          data-testid="marketplace-api-key"
          onInput={(e) => setApiKey(e.currentTarget.value)}
        />
        <span class="small muted" id={`${id('apiKey')}-hint`}>
          {a ? t('marketplace.apiKeyKeep') : t('marketplace.apiKeyNew')}
        </span>
      </div>
      <div class="field">
        <label class="field__label" for={id('apiBaseUrl')}>
          {t('marketplace.apiBaseUrl')}
        </label>
        <input
          id={id('apiBaseUrl')}
          class="field__control mono"
          classList={{ 'field__control--invalid': invalid('apiBaseUrl') }}
          aria-invalid={invalid('apiBaseUrl')}
          inputmode="url"
          autocapitalize="off"
          spellcheck={false}
          placeholder="https://api-seller.ozon.ru"
          value={apiBaseUrl()}
          data-testid="marketplace-api-base-url"
          onInput={(e) => setApiBaseUrl(e.currentTarget.value)}
        />
      </div>
      <fieldset class="marketplace-form__group">
        <legend class="field__label">{t('marketplace.mapping')}</legend>
        <Index each={mapping()}>
          {(row, i) => (
            <div class="marketplace-form__mapping" data-testid="marketplace-mapping">
              <div class="field">
                <label class="field__label" for={`${id('ozonWh')}-${i}`}>
                  {t('marketplace.ozonWarehouse')}
                </label>
                <input
                  id={`${id('ozonWh')}-${i}`}
                  class="field__control mono"
                  classList={{ 'field__control--invalid': invalid('warehouses', i, 'ozonWarehouseId') }}
                  aria-invalid={invalid('warehouses', i, 'ozonWarehouseId')}
                  inputmode="numeric"
                  value={row().ozonWarehouseId}
                  data-testid="marketplace-ozon-warehouse"
                  onInput={(e) => setRow(i, { ozonWarehouseId: e.currentTarget.value })}
                />
              </div>
              <div class="field">
                <label class="field__label" for={`${id('ourWh')}-${i}`}>
                  {t('marketplace.ourWarehouse')}
                </label>
                <select
                  id={`${id('ourWh')}-${i}`}
                  class="field__control"
                  classList={{ 'field__control--invalid': invalid('warehouses', i, 'warehouseCode') }}
                  aria-invalid={invalid('warehouses', i, 'warehouseCode')}
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
              </div>
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
