import { For, Show } from 'solid-js';
import type { UserError } from '../graphql/types';
import { UserErrorList, useUserErrorText } from './UserErrors';

/** The errors about one input: those whose field path ends with its name (["events", "0", "location"] → "location"). */
export const errorsFor = (errors: readonly UserError[], name: string) => errors.filter((e) => e.field?.[e.field.length - 1] === name);

/** The error text under one input (give the input `aria-describedby={id}` and `aria-invalid`). */
export function FieldError(props: { errors: readonly UserError[]; name: string; id: string }) {
  const text = useUserErrorText();
  return (
    <Show when={errorsFor(props.errors, props.name).length > 0}>
      <span class="field__error" id={props.id} role="alert" data-testid="field-error" data-field={props.name}>
        <For each={errorsFor(props.errors, props.name)}>{(error) => <span>{text(error)} </span>}</For>
      </span>
    </Show>
  );
}

/** The refusals not about any of the form's inputs, as a list. */
export function FormErrors(props: { errors: readonly UserError[]; fields: readonly string[] }) {
  const rest = () => props.errors.filter((e) => !props.fields.some((name) => errorsFor([e], name).length > 0));
  return <UserErrorList errors={rest()} data-testid="form-errors" />;
}
