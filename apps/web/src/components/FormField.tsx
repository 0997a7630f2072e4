import { Show, type JSX } from 'solid-js';
import type { UserError } from '../graphql/types';
import { errorsFor, FieldError } from './FieldErrors';

/** What the field's control takes (spread it on the input or select: `<input {...control} />`). */
export interface FieldControl {
  readonly id: string;
  readonly class: string;
  readonly classList: Record<string, boolean>;
  readonly 'aria-invalid': boolean;
  readonly 'aria-describedby': string | undefined;
}

/**
 * One labelled form field: the label, the control (rendered by `children` with the id, classes and
 * ARIA attributes it needs), a hint under it, and — given the form's `errors` and the input's `name`
 * — the API's refusal about it, which marks it invalid. `invalid` marks it without a text (refusals
 * listed elsewhere, or matched by a longer path).
 */
export function FormField(props: {
  id: string;
  label: JSX.Element;
  hint?: JSX.Element;
  invalid?: boolean;
  errors?: readonly UserError[];
  name?: string;
  /** Classes of the control besides field__control (mono, a width). */
  controlClass?: string;
  children: (control: FieldControl) => JSX.Element;
}) {
  const errorId = () => `${props.id}-error`;
  const hintId = () => `${props.id}-hint`;
  const refused = () => (props.errors && props.name ? errorsFor(props.errors, props.name).length > 0 : false);
  const invalid = () => props.invalid ?? refused();
  // Getters: the control follows the field's state (a refusal marks it, a new answer clears it).
  const control: FieldControl = {
    get id() {
      return props.id;
    },
    get class() {
      return props.controlClass ? `field__control ${props.controlClass}` : 'field__control';
    },
    get classList() {
      return { 'field__control--invalid': invalid() };
    },
    get 'aria-invalid'() {
      return invalid();
    },
    get 'aria-describedby'() {
      return [props.hint ? hintId() : '', refused() ? errorId() : ''].filter(Boolean).join(' ') || undefined;
    },
  };
  return (
    <div class="field">
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      {props.children(control)}
      <Show when={props.hint}>
        <span class="small muted" id={hintId()}>
          {props.hint}
        </span>
      </Show>
      <Show when={props.errors && props.name}>
        <FieldError errors={props.errors!} name={props.name!} id={errorId()} />
      </Show>
    </div>
  );
}
