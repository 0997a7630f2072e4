import { For, Show } from 'solid-js';
import { useI18n } from '../i18n';
import { isUserErrorCode, type UserError } from '../graphql/types';

/** A userError in the reader's language (by code); the API's English message for unknown codes. */
export function useUserErrorText() {
  const { t } = useI18n();
  return (error: UserError) => (isUserErrorCode(error.code) ? t(`userError.${error.code}`) : error.message);
}

/**
 * The API's refusal, plainly. STALE_VERSION (someone changed the order meanwhile) offers a reload.
 */
export function UserErrorList(props: { errors: readonly UserError[]; onReload?: () => void; 'data-testid'?: string }) {
  const { t } = useI18n();
  const text = useUserErrorText();
  const stale = () => props.errors.some((e) => e.code === 'STALE_VERSION');
  return (
    <Show when={props.errors.length > 0}>
      <div class="notice notice--error" role="alert" data-testid={props['data-testid'] ?? 'user-errors'}>
        <ul class="notice__list">
          <For each={props.errors}>
            {(error) => (
              <li data-testid="user-error" data-code={error.code}>
                {text(error)}
                <Show when={!isUserErrorCode(error.code) || error.code === 'INVALID_INPUT'}>
                  <span class="notice__detail"> ({error.message})</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={stale() && props.onReload}>
          <button type="button" class="button button--primary" data-testid="reload-order" onClick={() => props.onReload?.()}>
            {t('action.reload')}
          </button>
        </Show>
      </div>
    </Show>
  );
}
