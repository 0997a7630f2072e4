import { For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { ReplyBadge, Stars } from './ReviewList';
import { ReviewPhotos } from './ReviewPhotos';
import type { ReviewDetail } from './reviews.graphql';

/** The review as the buyer wrote it: its product (the heading), stars, text, photos, order, channel. */
export function ReviewFacts(props: { review: ReviewDetail }) {
  const { t, dateTime } = useI18n();
  return (
    <header class="card detail-head" data-testid="review-header" data-rating={props.review.rating}>
      <div class="detail-head__row">
        <h1 class="page-title">{props.review.product?.name ?? t('reviews.noProduct')}</h1>
        <ReplyBadge status={props.review.replies.at(-1)?.status} />
      </div>
      <Stars rating={props.review.rating} />
      <p class="review-text" data-testid="review-text">
        {props.review.text || t('reviews.noText')}
      </p>
      <ReviewPhotos review={props.review} />
      <dl class="facts">
        <Show when={props.review.buyerName}>
          {(name) => (
            <div>
              <dt>{t('reviews.fact.buyer')}</dt>
              <dd>{name()}</dd>
            </div>
          )}
        </Show>
        <Show when={props.review.order}>
          {(order) => (
            <div>
              <dt>{t('reviews.fact.order')}</dt>
              <dd>
                <A href={`/orders/${encodeURIComponent(order().id)}`} class="inline-link" data-testid="review-order-link">
                  #{order().number}
                </A>
              </dd>
            </div>
          )}
        </Show>
        <div>
          <dt>{t('reviews.fact.channel')}</dt>
          <dd>{props.review.channel}</dd>
        </div>
        <div>
          <dt>{t('reviews.fact.published')}</dt>
          <dd>{dateTime(props.review.publishedAt)}</dd>
        </div>
        <Show when={props.review.followUp}>
          {(followUp) => (
            <div>
              <dt>{t('reviews.followUp.OPEN')}</dt>
              <dd data-testid="review-follow-up" data-status={followUp().status}>
                {t(`reviews.followUp.${followUp().status}`)}
              </dd>
            </div>
          )}
        </Show>
      </dl>
    </header>
  );
}

/** The replies so far (drafts too), oldest first; a FAILED one says why. */
export function ReplyHistory(props: { review: ReviewDetail }) {
  const { t, relativeTime } = useI18n();
  return (
    <Show when={props.review.replies.length > 0}>
      <section class="card" data-testid="review-replies">
        <h2 class="section-title">{t('reviews.replies')}</h2>
        <ul class="plain-list">
          <For each={props.review.replies}>
            {(reply) => (
              <li data-testid="review-reply" data-status={reply.status}>
                <ReplyBadge status={reply.status} /> <span class="muted">{relativeTime(reply.sentAt ?? reply.updatedAt)}</span>
                <p class="review-text">{reply.text}</p>
                <Show when={reply.status === 'FAILED' && reply.failureReason}>
                  {(reason) => (
                    <p class="notice notice--error" data-testid="reply-failure">
                      {t('reviews.failedReason', { reason: reason() })}
                    </p>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
