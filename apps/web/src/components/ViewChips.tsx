import { createMemo, For } from 'solid-js';
import { useSearchParams } from '@solidjs/router';

/**
 * A list's views as the `?view=` of its URL (so a reload or a link keeps it): the view asked for
 * when it is one of `views`, else `fallback()`. Choosing one replaces the URL (no history entry).
 */
export function createViewParam<View extends string>(views: readonly View[], fallback: () => View) {
  const [params, setParams] = useSearchParams<{ view?: string }>();
  const view = createMemo<View>(() => (views.includes(params.view as View) ? (params.view as View) : fallback()));
  const select = (name: View) => setParams({ view: name }, { replace: true });
  return [view, select] as const;
}

/** The chips that switch a list's view: `<testId>-views` (the group), `<testId>-view` (each, with data-view). */
export function ViewChips<View extends string>(props: {
  views: readonly View[];
  current: View;
  onSelect: (view: View) => void;
  /** The group's accessible name. */
  label: string;
  labelOf: (view: View) => string;
  testId: string;
}) {
  return (
    <div class="chips" role="group" aria-label={props.label} data-testid={`${props.testId}-views`}>
      <For each={props.views}>
        {(name) => (
          <button
            type="button"
            class="chip"
            aria-pressed={props.current === name}
            data-testid={`${props.testId}-view`}
            data-view={name}
            onClick={() => props.onSelect(name)}
          >
            <span class="chip__label">{props.labelOf(name)}</span>
          </button>
        )}
      </For>
    </div>
  );
}
