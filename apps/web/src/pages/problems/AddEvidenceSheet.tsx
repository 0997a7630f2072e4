import { createEffect, createMemo, createSignal, onCleanup, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { FieldError } from '../../components/FieldErrors';
import { shrinkPhoto } from '../../lib/image';
import { online } from '../../offline/network';
import { FormSheet, NoteField } from './ExceptionSheets';
import { evidenceFileProblem, evidenceKindOf, type useEvidenceUpload } from './useEvidenceUpload';

const CameraIcon = () => (
  <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
    <path fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" d="M4 8h3l2-3h6l2 3h3v11H4z M12 17a4 4 0 1 0 0-8 4 4 0 0 0 0 8z" />
  </svg>
);

/**
 * Add evidence by hand: a photo from the phone's camera, a file (photo or PDF), and/or a note. It is
 * uploaded at once — never queued — so offline the sheet says so and the send button waits for the
 * network.
 */
export function AddEvidenceSheet(props: { upload: ReturnType<typeof useEvidenceUpload>; onClose: () => void; onDone: () => void }) {
  const { t, number } = useI18n();
  const [file, setFile] = createSignal<File | null>(null);
  const [note, setNote] = createSignal('');
  const [preparing, setPreparing] = createSignal(false);
  const [local, setLocal] = createSignal<'tooBig' | 'wrongType' | 'empty' | null>(null);
  const upload = () => props.upload;

  // A thumbnail of the chosen photo (a blob: URL, released when it changes or the sheet closes).
  const preview = createMemo(() => {
    const chosen = file();
    if (!chosen || evidenceKindOf(chosen) !== 'PHOTO' || typeof URL.createObjectURL !== 'function') return null;
    return URL.createObjectURL(chosen);
  });
  createEffect(() => {
    const url = preview();
    if (url) onCleanup(() => URL.revokeObjectURL?.(url));
  });

  const choose = async (input: HTMLInputElement, fromCamera: boolean) => {
    const picked = input.files?.[0];
    input.value = '';
    if (!picked) return;
    upload().reset();
    // Phone photos are 3–8 MB: scaled down like packing photos before they go over the Wi-Fi.
    let chosen = picked;
    if (fromCamera || picked.type.startsWith('image/')) {
      setPreparing(true);
      chosen = await shrinkPhoto(picked);
      setPreparing(false);
    }
    const problem = evidenceFileProblem(chosen);
    setLocal(problem);
    setFile(problem ? null : chosen);
  };

  const submit = async () => {
    if (preparing()) return;
    const text = note().trim();
    if (!file() && !text) {
      setLocal('empty');
      return;
    }
    setLocal(null);
    if (await upload().send(file(), text)) props.onDone();
  };

  const stateText = () => {
    const state = upload().state();
    if (state.kind === 'lost') return t('evidence.connectionLost');
    if (state.kind === 'failed') return t('evidence.failed', { message: state.message });
    return null;
  };

  return (
    <FormSheet
      title={t('evidence.add')}
      submitLabel={upload().busy() ? t('evidence.sending') : t('evidence.submit')}
      testid="evidence-sheet"
      fields={['file', 'note']}
      errors={upload().errors()}
      busy={upload().busy() || preparing() || !online()}
      onClose={props.onClose}
      onSubmit={() => void submit()}
    >
      <Show when={!online()}>
        <p class="notice notice--warning" role="status" data-testid="evidence-offline">
          {t('evidence.offline')}
        </p>
      </Show>
      <div class="photo">
        <label class="button photo__button">
          <CameraIcon />
          {t('evidence.camera')}
          <input
            class="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            data-testid="evidence-camera"
            onChange={(e) => void choose(e.currentTarget, true)}
          />
        </label>
        <label class="button photo__button">
          {t('evidence.pickFile')}
          <input
            class="visually-hidden"
            type="file"
            accept="image/jpeg,image/png,image/webp,application/pdf"
            data-testid="evidence-file"
            onChange={(e) => void choose(e.currentTarget, false)}
          />
        </label>
      </div>
      <p class="small muted">{preparing() ? t('app.loading') : t('evidence.fileHint')}</p>
      <Show when={file()}>
        {(chosen) => (
          <div class="photo" data-testid="evidence-chosen" data-kind={evidenceKindOf(chosen()) ?? ''}>
            <Show when={preview()} fallback={<span class="mono">{chosen().name}</span>}>
              {(url) => <img class="photo__thumb" src={url()} alt={t('evidence.chosen')} />}
            </Show>
            <span class="small muted">{t('evidence.kb', { kb: number(Math.max(1, Math.round(chosen().size / 1024))) })}</span>
            <button type="button" class="button button--small" data-testid="evidence-remove-file" onClick={() => setFile(null)}>
              {t('evidence.removeFile')}
            </button>
          </div>
        )}
      </Show>
      <Show when={local()}>
        {(problem) => (
          <span class="field__error" role="alert" data-testid="evidence-problem" data-problem={problem()}>
            {t(`evidence.${problem()}`)}
          </span>
        )}
      </Show>
      <FieldError errors={upload().errors()} name="file" id="evidence-file-error" />
      <NoteField value={note()} onInput={setNote} errors={upload().errors()} testid="evidence-note" />
      <Show when={stateText()}>
        {(text) => (
          <p class="notice notice--error" role="alert" data-testid="evidence-upload-failed" data-state={upload().state().kind}>
            {text()}
          </p>
        )}
      </Show>
    </FormSheet>
  );
}
