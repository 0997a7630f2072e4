import { createSignal, For, Show } from 'solid-js';
import { createQuery, useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import type { TextKey } from '../../i18n';
import { loadedMessages } from '../../i18n/messages';
import type { UserError } from '../../graphql/types';
import { newIdempotencyKey } from '../../offline/ids';
import { createNow } from '../../lib/clock';
import { MarketplaceAccountForm, type MarketplaceAccountValues } from './MarketplaceAccountForm';
import { CreateOzonAccountMutation, MarketplaceAccountsQuery, UpdateOzonAccountMutation, type MarketplaceAccount } from './marketplaceAccounts.graphql';

/**
 * The API classifies what needs attention (health.service: the kind of each item); this screen only
 * says it in the reader's language — a kind it has no words for is shown as the API names it.
 */
function useAttentionText() {
  const { t, locale } = useI18n();
  const text = (key: string) => (key in (loadedMessages(locale()) ?? {}) ? t(key as TextKey) : null);
  return { label: (kind: string) => text(`marketplace.kind.${kind}`) ?? kind, todo: (kind: string) => text(`marketplace.todo.${kind}`) };
}

/**
 * Settings → Marketplace accounts (ADMIN: marketplaces:manage): each Ozon account's channel, last
 * successful sync, backlog, what needs attention (and what to do about it), methods Ozon blocks,
 * the stock push; add and edit accounts (the Api-Key is write-only).
 */
export function MarketplaceSection() {
  const { t } = useI18n();
  const client = useClient();
  const now = createNow();
  const [result, reexecute] = createQuery({ query: MarketplaceAccountsQuery, requestPolicy: 'cache-and-network' });
  const accounts = () => result.data?.marketplaceAccounts ?? [];
  const warehouses = () => result.data?.warehouses ?? [];
  /** The account being edited ('new' for the add form). */
  const [editing, setEditing] = createSignal<string>();
  const [errors, setErrors] = createSignal<UserError[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [notice, setNotice] = createSignal<string>();

  const save = async (values: MarketplaceAccountValues) => {
    setBusy(true);
    const current = editing();
    const common = { name: values.name, apiBaseUrl: values.apiBaseUrl || null, warehouses: values.warehouses };
    const answer =
      current === 'new'
        ? (
            await client
              .mutation(CreateOzonAccountMutation, {
                input: { ...common, channel: values.channel, clientId: values.clientId, apiKey: values.apiKey },
                idempotencyKey: newIdempotencyKey(),
              })
              .toPromise()
          ).data?.createOzonAccount
        : (
            await client
              .mutation(UpdateOzonAccountMutation, {
                id: current!,
                input: { ...common, active: values.active, ...(values.apiKey ? { apiKey: values.apiKey } : {}) },
                idempotencyKey: newIdempotencyKey(),
              })
              .toPromise()
          ).data?.updateOzonAccount;
    setBusy(false);
    if (!answer) return setErrors([{ code: 'NETWORK', field: null, message: t('detail.failed') }]);
    if (answer.userErrors.length) return setErrors(answer.userErrors);
    setErrors([]);
    setEditing(undefined);
    setNotice(t('marketplace.saved'));
    reexecute({ requestPolicy: 'network-only' });
  };
  const open = (id: string) => {
    setErrors([]);
    setNotice(undefined);
    setEditing(id);
  };

  return (
    <section class="card marketplace" data-testid="settings-marketplace" aria-labelledby="marketplace-title">
      <h2 class="card__title" id="marketplace-title">
        {t('marketplace.title')}
      </h2>
      <p class="muted">{t('marketplace.hint')}</p>
      <Show when={notice()}>
        <p class="notice notice--success" role="status" data-testid="marketplace-notice">
          ✓ {notice()}
        </p>
      </Show>
      <Show when={result.data && accounts().length === 0}>
        <p class="muted" data-testid="marketplace-empty">
          {t('marketplace.empty')}
        </p>
      </Show>
      <ul class="marketplace__list">
        <For each={accounts()}>
          {(account) => (
            <li class="marketplace__item" data-testid="marketplace-account" data-channel={account.channel}>
              <Show
                when={editing() === account.id}
                fallback={
                  <>
                    <AccountHealth account={account} now={now()} />
                    <button type="button" class="button" data-testid="marketplace-edit" onClick={() => open(account.id)}>
                      {t('marketplace.edit')}
                    </button>
                  </>
                }
              >
                <MarketplaceAccountForm
                  account={account}
                  warehouses={warehouses()}
                  errors={errors()}
                  busy={busy()}
                  onSave={(v) => void save(v)}
                  onCancel={() => setEditing(undefined)}
                />
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show
        when={editing() === 'new'}
        fallback={
          <button type="button" class="button button--wide" data-testid="marketplace-add" onClick={() => open('new')}>
            + {t('marketplace.add')}
          </button>
        }
      >
        <MarketplaceAccountForm warehouses={warehouses()} errors={errors()} busy={busy()} onSave={(v) => void save(v)} onCancel={() => setEditing(undefined)} />
      </Show>
    </section>
  );
}

/** One account as the shift lead reads it: healthy or not, what is queued, what needs someone. */
function AccountHealth(props: { account: MarketplaceAccount; now: Date }) {
  const { t, dateTime, relativeTime } = useI18n();
  const attention = useAttentionText();
  const health = () => props.account.syncHealth;
  const when = (value: string) => `${relativeTime(value, props.now)} (${dateTime(value, props.now)})`;
  return (
    <div class="marketplace__health">
      <p>
        <strong data-testid="marketplace-account-name">{props.account.name}</strong>{' '}
        <span class="muted">
          · {t('marketplace.channel', { channel: props.account.channel })} · <span class="mono">{props.account.clientId}</span>
        </span>
        <Show when={!props.account.active}>
          <span class="badge"> {t('marketplace.inactive')}</span>
        </Show>
      </p>
      <p data-testid="marketplace-last-sync">
        {health().lastSuccessfulSyncAt ? t('marketplace.lastSync', { when: when(health().lastSuccessfulSyncAt!) }) : t('marketplace.neverSynced')}
      </p>
      <For each={health().methodBlocks}>
        {(block) => (
          <div class="notice notice--warning" data-testid="marketplace-blocked" data-state={block.state}>
            <p>
              {block.state === 'HALF_OPEN'
                ? t('marketplace.blockedProbe', { method: block.method })
                : t('marketplace.blocked', { method: block.method, until: dateTime(block.blockedUntil, props.now) })}
            </p>
            <p class="small" data-testid="marketplace-block-detail">
              {t('marketplace.blockDetail', { opens: block.opens, since: dateTime(block.since, props.now), message: block.message })}
            </p>
          </div>
        )}
      </For>

      <h3 class="marketplace__subtitle">{t('marketplace.backlog')}</h3>
      <dl class="marketplace__queue" data-testid="marketplace-backlog">
        <dt>{t('marketplace.queue.syncs')}</dt>
        <dd data-testid="marketplace-queued">
          {health().queuedSyncs}
          <Show when={health().retryingSyncs > 0}>
            {' '}
            ({health().retryingSyncs} {t('marketplace.queue.retrying')})
          </Show>
        </dd>
        <dt>{t('marketplace.queue.unshipped')}</dt>
        <dd data-testid="marketplace-unshipped">{health().unshipped}</dd>
        <dt>{t('marketplace.queue.labels')}</dt>
        <dd data-testid="marketplace-labels-waiting">{health().labelsWaiting}</dd>
      </dl>

      <h3 class="marketplace__subtitle">{t('marketplace.attention')}</h3>
      <Show
        when={health().attention.length > 0}
        fallback={
          <p class="muted" data-testid="marketplace-all-well">
            ✓ {t('marketplace.allWell')}
          </p>
        }
      >
        <ul class="marketplace__attention">
          <For each={health().attention}>
            {(item) => (
              <li class="notice notice--warning" data-testid="marketplace-attention" data-kind={item.kind}>
                <p>
                  <strong>
                    {attention.label(item.kind)}: {item.count}
                  </strong>
                </p>
                <Show when={attention.todo(item.kind)}>{(todo) => <p data-testid="marketplace-todo">{todo()}</p>}</Show>
                {/* METHOD_BLOCKED names the blocked methods there, each shown with its block above. */}
                <Show when={item.postingNumbers.length > 0 && item.kind !== 'METHOD_BLOCKED'}>
                  <p class="small mono">{t('marketplace.postings', { numbers: item.postingNumbers.join(', ') })}</p>
                </Show>
                <Show when={item.lastError}>
                  <p class="small muted">{t('marketplace.lastErrorText', { error: item.lastError! })}</p>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>

      <h3 class="marketplace__subtitle">{t('marketplace.stock')}</h3>
      <p data-testid="marketplace-stock">
        {health().stockPush.lastPushAt
          ? t('marketplace.stockState', {
              pairs: health().stockPush.pairs,
              when: relativeTime(health().stockPush.lastPushAt!, props.now),
              waiting: health().stockPush.waiting,
            })
          : t('marketplace.stockNever', { waiting: health().stockPush.waiting })}
      </p>
      <p class="small muted">
        {t('marketplace.pushPath', { path: '' })}
        <span class="mono">{props.account.pushPath}</span>
      </p>
    </div>
  );
}
