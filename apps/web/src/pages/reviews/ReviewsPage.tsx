import { createMemo, createSignal, For, Show } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { useViewer } from '../../auth/viewer';
import { PageHead } from '../../components/PageHead';
import { Guarded } from '../../components/Guarded';
import { ReviewList } from './ReviewList';
import { ThankSheet } from './ThankSheet';
import type { ReviewFilter } from './reviews.graphql';
import './reviews.css';

/** The inbox's views: unanswered first (the default), the bad ones, all. */
const VIEWS = {
  unanswered: { unanswered: true },
  negative: { maxRating: 2 },
  all: {},
} satisfies Record<string, ReviewFilter>;
type View = keyof typeof VIEWS;
const isView = (value: string | undefined): value is View => !!value && value in VIEWS;

/**
 * Reviews (route /reviews, managers and support): the buyers' reviews to answer, newest first,
 * filtered by chips; a row opens the review and its reply box. Those who may reply can thank every
 * unanswered 4–5★ review with one template.
 */
export default function ReviewsPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  const [params, setParams] = useSearchParams<{ view?: string }>();
  const view = createMemo<View>(() => (isView(params.view) ? params.view : 'unanswered'));
  const [thanking, setThanking] = createSignal(false);
  const [generation, setGeneration] = createSignal(0);
  return (
    <section class="page reviews" data-testid="reviews-page">
      <PageHead title={t('reviews.title')} subtitle={t('reviews.subtitle')}>
        <Show when={viewer.can('reviews:write')}>
          <button type="button" class="button button--small" onClick={() => setThanking(true)} data-testid="reviews-thank">
            {t('reviews.thank')}
          </button>
        </Show>
      </PageHead>
      <Guarded permission="reviews:read" data-testid="reviews-forbidden">
        <div class="chips" role="group" aria-label={t('reviews.views')} data-testid="reviews-views">
          <For each={Object.keys(VIEWS) as View[]}>
            {(name) => (
              <button
                type="button"
                class="chip"
                aria-pressed={view() === name}
                data-testid="reviews-view"
                data-view={name}
                onClick={() => setParams({ view: name }, { replace: true })}
              >
                <span class="chip__label">{t(`reviews.view.${name}`)}</span>
              </button>
            )}
          </For>
        </div>
        {/* A new list (from its first page) for each view and after thanking. */}
        <Show when={`${view()}:${generation()}`} keyed>
          <ReviewList filter={VIEWS[view()]} />
        </Show>
      </Guarded>
      <Show when={thanking()}>
        <ThankSheet onClose={() => setThanking(false)} onDone={() => setGeneration((n) => n + 1)} />
      </Show>
    </section>
  );
}
