import { For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { useStatusLabel } from '../../components/StatusBadge';
import { isOrderEventType } from '../../graphql/types';
import type { OrderEventNode } from './orderDetail.graphql';

/** Who did it, readable: system / anonymous / user or API key with its id. */
export function useActorLabel() {
  const { t } = useI18n();
  return (actor: string) => {
    if (actor === 'system') return t('actor.system');
    if (actor === 'anonymous') return t('actor.anonymous');
    const [kind, id] = [actor.slice(0, actor.indexOf(':')), actor.slice(actor.indexOf(':') + 1)];
    // Ids are uuids: the first block is enough to tell people apart on a phone (full id in the title).
    const short = id.length > 12 ? id.slice(0, 8) : id;
    if (kind === 'user') return t('actor.user', { id: short });
    if (kind === 'apikey') return t('actor.apiKey', { id: short });
    return actor;
  };
}

/** The order's timeline, newest first: translated event, status change, who, when. */
export function Timeline(props: { events: OrderEventNode[]; total: number; now: Date }) {
  const { t, tn, dateTime, relativeTime } = useI18n();
  const statusLabel = useStatusLabel();
  const actorLabel = useActorLabel();
  const newestFirst = () => [...props.events].reverse();
  return (
    <section class="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title" class="card__title">
        {t('detail.timeline')}
      </h2>
      <ol class="timeline" data-testid="timeline">
        <For each={newestFirst()}>
          {(event) => (
            <li class="timeline__item" data-testid="timeline-event" data-type={event.type}>
              <div class="timeline__head">
                <strong class="timeline__type" data-testid="timeline-type">
                  {isOrderEventType(event.type) ? t(`event.${event.type}`) : event.type}
                </strong>
                <time class="timeline__time" datetime={event.createdAt} title={dateTime(event.createdAt, props.now)}>
                  {relativeTime(event.createdAt, props.now)}
                </time>
              </div>
              <Show when={event.fromStatus || event.toStatus}>
                <div class="timeline__status" data-testid="timeline-status">
                  <Show when={event.fromStatus}>{(from) => <span>{statusLabel(from())}</span>}</Show>
                  <Show when={event.fromStatus && event.toStatus}>
                    <span aria-label={t('detail.statusTo')}> → </span>
                  </Show>
                  <Show when={event.toStatus}>{(to) => <strong>{statusLabel(to())}</strong>}</Show>
                </div>
              </Show>
              <div class="timeline__meta">
                <span data-testid="timeline-actor" title={event.actor.includes(':') ? event.actor : undefined}>
                  {actorLabel(event.actor)}
                </span>
                <span> · {dateTime(event.createdAt, props.now)}</span>
              </div>
            </li>
          )}
        </For>
      </ol>
      <Show when={props.total > props.events.length}>
        <p class="muted">{tn('detail.timelineMore', props.total - props.events.length)}</p>
      </Show>
    </section>
  );
}
