import { createSignal, Match, Switch } from 'solid-js';
import { useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import { UserErrorList } from '../../components/UserErrors';
import type { UserError } from '../../graphql/types';
import { newIdempotencyKey } from '../../offline/ids';
import { online } from '../../offline/network';
import { AddReturnPhotoMutation } from './returns.graphql';

type PhotoState = 'idle' | 'sending' | 'offline' | 'failed' | 'refused' | 'done';

/**
 * "Add a photo" of the parcel (no line) or of a unit: the camera opens, the photo is uploaded at
 * once (uploads need the network; no photo waits on the handheld). Offline it says so. A retry of
 * the same file reuses its idempotency key, so a photo whose answer was lost is kept once.
 */
export function ReturnPhotoButton(props: { returnId: string; returnLineId: string | null; label: string; onAdded: () => void; testid: string }) {
  const { t } = useI18n();
  const client = useClient();
  const [state, setState] = createSignal<PhotoState>('idle');
  const [errors, setErrors] = createSignal<UserError[]>([]);
  let last: { file: File; key: string } | null = null;

  const send = async (file: File) => {
    setErrors([]);
    if (!online()) return setState('offline');
    // The same file again (the retry button): the same key.
    const key = last?.file === file ? last.key : newIdempotencyKey();
    last = { file, key };
    setState('sending');
    const input = { returnId: props.returnId, returnLineId: props.returnLineId, file };
    const answer = await client.mutation(AddReturnPhotoMutation, { input, idempotencyKey: key }, { requestPolicy: 'network-only' }).toPromise();
    const payload = answer.data?.addReturnPhoto;
    if (!payload) return setState('failed');
    if (payload.userErrors.length) {
      setErrors(payload.userErrors);
      return setState('refused');
    }
    last = null;
    setState('done');
    props.onAdded();
  };

  return (
    <div class="photo" data-testid={props.testid} data-state={state()}>
      <label class="button button--wide photo__button" classList={{ 'photo__button--done': state() === 'done' }}>
        {props.label}
        <input
          type="file"
          class="visually-hidden"
          accept="image/jpeg,image/png,image/webp"
          capture="environment"
          data-testid={`${props.testid}-file`}
          disabled={state() === 'sending'}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void send(file);
          }}
        />
      </label>
      <Switch>
        <Match when={state() === 'sending'}>
          <p class="notice notice--pending" role="status">
            {t('returns.photo.sending')}
          </p>
        </Match>
        <Match when={state() === 'offline'}>
          <p class="notice notice--warning" role="alert">
            {t('returns.photo.offline')}
          </p>
        </Match>
        <Match when={state() === 'failed'}>
          <div class="notice notice--error" role="alert">
            <p>{t('returns.photo.failed')}</p>
            <button type="button" class="button" onClick={() => last && void send(last.file)}>
              {t('queue.error.retry')}
            </button>
          </div>
        </Match>
        <Match when={state() === 'refused'}>
          <UserErrorList errors={errors()} />
        </Match>
        <Match when={state() === 'done'}>
          <p class="notice notice--success" role="status" data-testid={`${props.testid}-done`}>
            {t('returns.photo.done')}
          </p>
        </Match>
      </Switch>
    </div>
  );
}
