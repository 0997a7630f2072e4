import { Show } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../../i18n';
import type { StatusTone } from '../../components/StatusBadge';
import { PagedList } from '../../components/PagedList';
import { REVIEWS_PAGE, ReviewsQuery, type ReviewFilter, type ReviewReplyStatus, type ReviewRowData } from './reviews.graphql';

const TONE: Record<ReviewReplyStatus, StatusTone> = { DRAFT: 'new', QUEUED: 'moving', SENT: 'done', FAILED: 'alert' };

/** The stars of a rating, read out as "4 of 5 stars". */
export function Stars(props: { rating: number }) {
  const { t } = useI18n();
  return (
    <span class="stars" role="img" aria-label={t('reviews.stars', { count: props.rating })} data-testid="review-stars" data-rating={props.rating}>
      {'★'.repeat(props.rating)}
      <span class="stars__off">{'★'.repeat(Math.max(0, 5 - props.rating))}</span>
    </span>
  );
}

/** The state of the latest reply (none: unanswered). */
export function ReplyBadge(props: { status: ReviewReplyStatus | undefined }) {
  const { t } = useI18n();
  return (
    <span class={`badge tone-${props.status ? TONE[props.status] : 'hold'}`} data-testid="review-reply-status" data-status={props.status ?? 'NONE'}>
      {props.status ? t(`reviews.reply.${props.status}`) : t('reviews.unanswered')}
    </span>
  );
}

/** One review: stars, product, date, excerpt, the reply's state and the follow-up of a bad one. */
export function ReviewRow(props: { row: ReviewRowData }) {
  const { t, relativeTime } = useI18n();
  const latest = () => props.row.replies.at(-1);
  return (
    <li class="order-rows__item">
      <A href={`/reviews/${encodeURIComponent(props.row.id)}`} class="order-row" data-testid="review-row" data-id={props.row.id} data-rating={props.row.rating}>
        <div class="order-row__head">
          <Stars rating={props.row.rating} />
          <span class="order-row__spacer" />
          <ReplyBadge status={latest()?.status} />
        </div>
        <div class="order-row__meta">
          <strong>{props.row.product?.name ?? t('reviews.noProduct')}</strong>
          <span>{relativeTime(props.row.publishedAt)}</span>
          <Show when={props.row.followUp}>
            {(followUp) => (
              <span class="badge tone-hold" data-testid="review-follow-up" data-status={followUp().status}>
                {t(`reviews.followUp.${followUp().status}`)}
              </span>
            )}
          </Show>
        </div>
        <p class="review-excerpt">{props.row.text || t('reviews.noText')}</p>
      </A>
    </li>
  );
}

/** The inbox of one filter, newest first, a page at a time ("Show more" adds a page after the last one's cursor). */
export function ReviewList(props: { filter: ReviewFilter }) {
  const { t } = useI18n();
  return (
    <PagedList
      query={ReviewsQuery}
      variables={(after) => ({ first: REVIEWS_PAGE, after, filter: props.filter })}
      connection={(data) => data.reviews}
      testId="reviews"
      errorTitle={t('reviews.error')}
      emptyTitle={t('reviews.empty')}
      moreLabel={t('reviews.more')}
    >
      {(row) => <ReviewRow row={row} />}
    </PagedList>
  );
}
