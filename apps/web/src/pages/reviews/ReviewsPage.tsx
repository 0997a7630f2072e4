import { createSignal, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { useViewer } from '../../auth/viewer';
import { PageHead } from '../../components/PageHead';
import { Guarded } from '../../components/Guarded';
import { createViewParam, ViewChips } from '../../components/ViewChips';
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

/**
 * Reviews (route /reviews, managers and support): the buyers' reviews to answer, newest first,
 * filtered by chips; a row opens the review and its reply box. Those who may reply can thank every
 * unanswered 4–5★ review with one template.
 */
export default function ReviewsPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  const [view, setView] = createViewParam(Object.keys(VIEWS) as View[], () => 'unanswered');
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
        <ViewChips
          views={Object.keys(VIEWS) as View[]}
          current={view()}
          onSelect={setView}
          label={t('reviews.views')}
          labelOf={(name) => t(`reviews.view.${name}`)}
          testId="reviews"
        />
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
