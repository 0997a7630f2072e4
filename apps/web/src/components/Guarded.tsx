import { Show, type JSX } from 'solid-js';
import { useI18n } from '../i18n';
import { useViewer, type Permission } from '../auth/viewer';
import { StateMessage } from './StateMessage';

/** A floor screen's permission guard: its content, or "forbidden" for roles without `permission`. */
export function Guarded(props: { permission: Permission; 'data-testid'?: string; children: JSX.Element }) {
  const { t } = useI18n();
  const viewer = useViewer();
  return (
    <Show when={viewer.can(props.permission)} fallback={<StateMessage icon="!" title={t('error.forbidden')} data-testid={props['data-testid']} />}>
      {props.children}
    </Show>
  );
}
