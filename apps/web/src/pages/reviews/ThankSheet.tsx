import { createResource, createSignal, For, Show } from 'solid-js';
import { useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import { Sheet } from '../../components/Sheet';
import { Spinner } from '../../components/StateMessage';
import { createOutboxAction, appliedPayload, type Attempt } from '../../lib/outboxAction';
import { useReplyTemplates } from './useTemplates';
import { ReviewsQuery, ThankReviewsMutation } from './reviews.graphql';

/** thankReviews takes at most 100 reviews per call. */
const THANK_AT_MOST = 100;

/**
 * "Thank all 4–5★": the unanswered good reviews (the first 100) get one template each, after the
 * person picked the template and confirmed. Sent once per confirmation (its idempotency key).
 */
export function ThankSheet(props: { onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const client = useClient();
  const templates = useReplyTemplates();
  const [templateId, setTemplateId] = createSignal('');
  const [ids] = createResource(async () => {
    const answer = await client
      .query(ReviewsQuery, { first: THANK_AT_MOST, after: null, filter: { unanswered: true, ratings: [4, 5] } }, { requestPolicy: 'network-only' })
      .toPromise();
    return answer.data?.reviews.edges.map((e) => e.node.id) ?? [];
  });
  const action = createOutboxAction<Attempt<'thankReviews'>>(() => ({ query: ThankReviewsMutation }));
  const result = () => appliedPayload<{ queuedCount: number; failedCount: number }>(action.attempt()?.outcome);
  const chosen = () => templateId() || templates()[0]?.id;
  const send = async () => {
    const templateIdNow = chosen();
    if (!templateIdNow || !ids()?.length) return;
    await action.send({ op: 'thankReviews', variables: { reviewIds: ids(), templateId: templateIdNow } });
    props.onDone();
  };
  return (
    <Sheet title={t('reviews.thankTitle')} onClose={() => props.onClose()} closeLabel={t('reviews.close')} data-testid="thank-sheet">
      <Show when={!ids.loading} fallback={<Spinner label={t('app.loading')} />}>
        <Show when={ids()?.length} fallback={<p data-testid="thank-none">{t('reviews.thankNone')}</p>}>
          <p>{t('reviews.thankBody', { count: ids()!.length })}</p>
          <Show when={templates().length > 0} fallback={<p data-testid="thank-no-templates">{t('reviews.noTemplates')}</p>}>
            <label class="field">
              <span class="field__label">{t('reviews.template')}</span>
              <select class="field__control" value={chosen()} onChange={(e) => setTemplateId(e.currentTarget.value)} data-testid="thank-template">
                <For each={templates()}>{(template) => <option value={template.id}>{template.name}</option>}</For>
              </select>
            </label>
            <Show
              when={result()}
              fallback={
                <button type="button" class="button button--primary button--wide" disabled={action.busy()} onClick={() => void send()} data-testid="thank-confirm">
                  {t('reviews.thankConfirm')}
                </button>
              }
            >
              {(done) => (
                <p class="notice" role="status" data-testid="thank-done">
                  {t('reviews.thankDone', { queued: done().queuedCount, failed: done().failedCount })}
                </p>
              )}
            </Show>
          </Show>
        </Show>
      </Show>
    </Sheet>
  );
}
