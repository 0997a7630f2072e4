import { Show, type JSX } from 'solid-js';
import { Dynamic } from 'solid-js/web';

/** Full-width block for loading / empty / error states. */
export function StateMessage(props: {
  tone?: 'info' | 'error';
  icon?: string;
  title: string;
  body?: string;
  children?: JSX.Element;
  'data-testid'?: string;
  /** h1 when the message is the whole page (not found), else h2 under the page's title. */
  heading?: 'h1' | 'h2';
}) {
  return (
    <div class={`state-message state-message--${props.tone ?? 'info'}`} role={props.tone === 'error' ? 'alert' : 'status'} data-testid={props['data-testid']}>
      <Show when={props.icon}>
        <div class="state-message__icon" aria-hidden="true">
          {props.icon}
        </div>
      </Show>
      <Dynamic component={props.heading ?? 'h2'} class="state-message__title">
        {props.title}
      </Dynamic>
      <Show when={props.body}>
        <p class="state-message__body">{props.body}</p>
      </Show>
      {props.children}
    </div>
  );
}

export function Spinner(props: { label: string }) {
  return (
    <span class="spinner-wrap" role="status">
      <span class="spinner" aria-hidden="true" />
      <span>{props.label}</span>
    </span>
  );
}
