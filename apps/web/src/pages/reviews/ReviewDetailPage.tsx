import { Show } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { useViewer } from '../../auth/viewer';
import { QueryPage } from '../../components/QueryPage';
import { StateMessage } from '../../components/StateMessage';
import { ReplyHistory, ReviewFacts } from './ReviewFacts';
import { ReplyBox } from './ReplyBox';
import { ReviewDetailQuery, type ReviewDetail } from './reviews.graphql';
import './reviews.css';

/**
 * One review (route /reviews/:id): what the buyer wrote, the replies so far (a FAILED one with the
 * channel's reason) and, for those who may reply, the reply box with the templates.
 */
export default function ReviewDetailPage() {
  const { t } = useI18n();
  const params = useParams<{ id: string }>();
  const viewer = useViewer();
  const id = () => decodeURIComponent(params.id);
  const [result, reexecute] = createQuery({ query: ReviewDetailQuery, variables: () => ({ id: id() }), requestPolicy: 'cache-and-network' });
  const review = () => {
    const node = result.data?.node;
    return node && 'rating' in node ? (node as ReviewDetail) : result.data ? null : undefined;
  };
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <section class="page review-detail" data-testid="review-detail">
      <A href="/reviews" class="back-link" data-testid="back-to-reviews">
        ← {t('reviews.back')}
      </A>
      <QueryPage
        permission="reviews:read"
        forbiddenTestId="review-forbidden"
        result={result}
        entity={review()}
        onRetry={refetch}
        errorTitle={t('reviews.detailError')}
        errorTestId="review-error"
        loadingTestId="review-loading"
        notFound={<StateMessage icon="?" title={t('reviews.notFound')} data-testid="review-not-found" />}
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
      </QueryPage>
    </section>
  );
}
