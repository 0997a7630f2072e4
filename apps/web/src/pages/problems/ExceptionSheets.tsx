import { createSignal, For, type JSX } from 'solid-js';
import { useI18n } from '../../i18n';
import { Sheet } from '../../components/Sheet';
import { FieldError, FormErrors } from '../../components/FieldErrors';
import type { UserError } from '../../graphql/types';
import { EXCEPTION_RESOLUTIONS, type ExceptionResolution } from './problems.graphql';

interface FormSheetProps {
  title: string;
  submitLabel: string;
  testid: string;
  /** The input names of the form: refusals about them show next to them, the rest above the button. */
  fields: readonly string[];
  errors: readonly UserError[];
  busy: boolean;
  danger?: boolean;
  onClose: () => void;
  onSubmit: () => void;
  children: JSX.Element;
}

/** A bottom sheet holding one action's form: its inputs, the refusals not about an input, the send button. */
export function FormSheet(props: FormSheetProps) {
  const { t } = useI18n();
  return (
    <Sheet title={props.title} closeLabel={t('action.close')} onClose={props.onClose} data-testid={props.testid}>
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit();
        }}
      >
        {props.children}
        <FormErrors errors={props.errors} fields={props.fields} />
        <button
          type="submit"
          class={`button button--wide ${props.danger ? 'button--danger' : 'button--primary'}`}
          data-testid={`${props.testid}-submit`}
          disabled={props.busy}
        >
          {props.submitLabel}
        </button>
      </form>
    </Sheet>
  );
}

/** The optional note every exception action takes. */
export function NoteField(props: { value: string; onInput: (value: string) => void; errors: readonly UserError[]; testid: string }) {
  const { t } = useI18n();
  return (
    <label class="field">
      <span class="field__label">{t('form.note')}</span>
      <textarea class="field__control" rows="2" data-testid={props.testid} value={props.value} onInput={(e) => props.onInput(e.currentTarget.value)} />
      <FieldError errors={props.errors} name="note" id={`${props.testid}-error`} />
    </label>
  );
}

interface ActionSheetProps {
  errors: readonly UserError[];
  busy: boolean;
  onClose: () => void;
}

/** Wait for the carrier / the buyer, back to open, or close without a resolution: a note, then send. */
export function NoteSheet(props: ActionSheetProps & { title: string; submitLabel: string; testid: string; danger?: boolean; onSubmit: (note: string | null) => void }) {
  const [note, setNote] = createSignal('');
  return (
    <FormSheet {...props} fields={['note']} onSubmit={() => props.onSubmit(note().trim() || null)}>
      <NoteField value={note()} onInput={setNote} errors={props.errors} testid={`${props.testid}-note`} />
    </FormSheet>
  );
}

/** Resolve: how it ended (required) and a note. */
export function ResolveSheet(props: ActionSheetProps & { onSubmit: (resolution: ExceptionResolution, note: string | null) => void }) {
  const { t } = useI18n();
  const [resolution, setResolution] = createSignal<ExceptionResolution>('DELIVERED_LATE');
  const [note, setNote] = createSignal('');
  return (
    <FormSheet
      {...props}
      title={t('exception.resolve')}
      submitLabel={t('exception.resolve')}
      testid="resolve-sheet"
      fields={['resolution', 'note']}
      onSubmit={() => props.onSubmit(resolution(), note().trim() || null)}
    >
      <label class="field">
        <span class="field__label">{t('exception.resolution')}</span>
        <select
          class="field__control"
          data-testid="resolve-resolution"
          value={resolution()}
          onChange={(e) => setResolution(e.currentTarget.value as ExceptionResolution)}
        >
          <For each={EXCEPTION_RESOLUTIONS}>{(r) => <option value={r}>{t(`exceptionResolution.${r}`)}</option>}</For>
        </select>
        <FieldError errors={props.errors} name="resolution" id="resolve-resolution-error" />
      </label>
      <NoteField value={note()} onInput={setNote} errors={props.errors} testid="resolve-note" />
    </FormSheet>
  );
}
