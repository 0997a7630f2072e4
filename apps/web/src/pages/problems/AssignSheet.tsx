import { createSignal, For, Match, Switch, untrack } from 'solid-js';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { FieldError } from '../../components/FieldErrors';
import type { UserError } from '../../graphql/types';
import { ExceptionAssigneesQuery } from './exception.graphql';
import { FormSheet } from './ExceptionSheets';

/** Give the exception to a colleague who can act on problems (or to nobody): their names, one to choose. */
export function AssignSheet(props: {
  current: { id: string; name: string } | null | undefined;
  errors: readonly UserError[];
  busy: boolean;
  onClose: () => void;
  onSubmit: (userId: string | null) => void;
}) {
  const { t } = useI18n();
  const [result] = createQuery({ query: ExceptionAssigneesQuery, requestPolicy: 'cache-and-network' });
  // Starts at the current owner; the choice is the user's from then on.
  const [chosen, setChosen] = createSignal<string | null>(untrack(() => props.current?.id ?? null));
  const people = () => result.data?.exceptionAssignees ?? [];
  const options = () => [{ id: null as string | null, name: t('assign.nobody') }, ...people()];
  return (
    <FormSheet
      title={t('assign.title')}
      submitLabel={t('assign.submit')}
      testid="assign-sheet"
      fields={['userId']}
      errors={props.errors}
      busy={props.busy || !result.data}
      onClose={props.onClose}
      onSubmit={() => props.onSubmit(chosen())}
    >
      <Switch>
        <Match when={!result.data && result.error}>
          <p class="notice notice--error" role="alert" data-testid="assign-error">
            {t('assign.error')}
          </p>
        </Match>
        <Match when={!result.data}>
          <p class="muted" data-testid="assign-loading">
            {t('app.loading')}
          </p>
        </Match>
        <Match when={result.data}>
          <div class="radio-list" role="radiogroup" aria-label={t('assign.title')} data-testid="assign-list">
            <For each={options()}>
              {(person) => (
                <label class="radio" classList={{ 'radio--checked': chosen() === person.id }} data-testid="assign-option" data-name={person.id ? person.name : ''}>
                  <input type="radio" name="exception-owner" value={person.id ?? ''} checked={chosen() === person.id} onChange={() => setChosen(person.id)} />
                  <span>{person.name}</span>
                </label>
              )}
            </For>
          </div>
          <p class="small muted">{people().length === 0 ? t('assign.empty') : ''}</p>
        </Match>
      </Switch>
      <FieldError errors={props.errors} name="userId" id="assign-user-error" />
    </FormSheet>
  );
}
