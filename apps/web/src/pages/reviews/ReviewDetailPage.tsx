import { Show } from 'solid-js';
import { useParams } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { useViewer } from '../../auth/viewer';
import { createNodeQuery, DetailPage, type DetailShell } from '../../components/DetailPage';
import { ReplyHistory, ReviewFacts } from './ReviewFacts';
import { ReplyBox } from './ReplyBox';
import { ReviewDetailQuery, type ReviewDetail } from './reviews.graphql';
import './reviews.css';

const SHELL: DetailShell = {
  class: 'page review-detail',
  testId: 'review-detail',
  part: 'review',
  permission: 'reviews:read',
  back: '/reviews',
  backTestId: 'back-to-reviews',
};

/**
 * One review (route /reviews/:id): what the buyer wrote, the replies so far (a FAILED one with the
 * channel's reason) and, for those who may reply, the reply box with the templates.
 */
export default function ReviewDetailPage() {
  const { t } = useI18n();
  const params = useParams<{ id: string }>();
  const viewer = useViewer();
  const id = () => decodeURIComponent(params.id);
  const { result, entity: review, refetch } = createNodeQuery<ReviewDetail>(ReviewDetailQuery, id, 'rating');
  return (
    <DetailPage
      shell={SHELL}
      backLabel={t('reviews.back')}
      query={{ result, entity: review, refetch }}
      errorTitle={t('reviews.detailError')}
      notFoundTitle={t('reviews.notFound')}
    >
      {(r) => (
        <>
          <ReviewFacts review={r()} />
          <ReplyHistory review={r()} />
          <Show when={!r().canReply && r().cannotReplyReason}>
            {(reason) => (
              <p class="notice" data-testid="review-cannot-reply">
                {t('reviews.cannotReply', { reason: reason() })}
              </p>
            )}
          </Show>
          <Show when={viewer.can('reviews:write')}>
            <ReplyBox review={r()} onApplied={refetch} />
          </Show>
        </>
      )}
    </DetailPage>
  );
}
