import { createSignal, For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { Outcome } from '../../components/Outcome';
import { createFormAction } from '../../lib/formAction';
import { useReplyTemplates } from './useTemplates';
import { ReplyToReviewMutation, type ReviewDetail } from './reviews.graphql';

type Mode = 'DRAFT' | 'SEND';

/**
 * The reply to a review: a template (in the viewer's language) fills the box, the person may edit
 * it; Save draft keeps it, Send queues it for the channel. Through the outbox with one idempotency
 * key per press (a retry after a failure sends the same key, so nothing goes out twice). An
 * unedited template goes as the template, filled in by the API for this review.
 */
export function ReplyBox(props: { review: ReviewDetail; onApplied: () => void }) {
  const { t, tn } = useI18n();
  const templates = useReplyTemplates();
  const draft = () => props.review.replies.filter((reply) => reply.status === 'DRAFT').at(-1)?.text ?? '';
  const [text, setText] = createSignal(draft());
  const [templateId, setTemplateId] = createSignal('');
  const [mode, setMode] = createSignal<Mode>('SEND');
  const action = createFormAction<'replyToReview'>(() => ({
    query: ReplyToReviewMutation,
    entity: { type: 'Review', id: props.review.id, label: props.review.product?.name ?? t('reviews.title') },
  }));
  const pick = (id: string) => {
    setTemplateId(id);
    const template = templates().find((candidate) => candidate.id === id);
    if (template) setText(template.text);
  };
  const submit = async (next: Mode) => {
    if (action.busy() || !text().trim()) return;
    setMode(next);
    const template = templates().find((candidate) => candidate.id === templateId());
    const input =
      template && template.text === text() ? { reviewId: props.review.id, mode: next, templateId: template.id } : { reviewId: props.review.id, mode: next, text: text() };
    const ok = await action.submit('replyToReview', { input });
    if (action.attempt()?.outcome?.kind !== 'done') return;
    props.onApplied();
    // Sent: the box empties, so a second press cannot send the same words again by mistake.
    if (ok && next === 'SEND') {
      setText('');
      setTemplateId('');
    }
  };
  return (
    <form class="card reply-box" data-testid="reply-box" onSubmit={(event) => event.preventDefault()}>
      <Show when={templates().length > 0}>
        <label class="field">
          <span class="field__label">{t('reviews.template')}</span>
          <select class="field__control" value={templateId()} onChange={(e) => pick(e.currentTarget.value)} data-testid="reply-template">
            <option value="">{t('reviews.templateNone')}</option>
            <For each={templates()}>{(template) => <option value={template.id}>{template.name}</option>}</For>
          </select>
        </label>
      </Show>
      <label class="field">
        <span class="field__label">{t('reviews.yourReply')}</span>
        <textarea class="field__control" value={text()} onInput={(e) => setText(e.currentTarget.value)} data-testid="reply-text" />
      </label>
      <p class="reply-box__count muted" data-testid="reply-count" aria-live="polite">
        {tn('reviews.chars', [...text()].length)}
      </p>
      <div class="reply-box__actions">
        <button type="button" class="button" disabled={action.busy() || !text().trim()} onClick={() => void submit('DRAFT')} data-testid="reply-draft">
          {t('reviews.saveDraft')}
        </button>
        <Show when={props.review.canReply}>
          <button type="button" class="button button--primary" disabled={action.busy() || !text().trim()} onClick={() => void submit('SEND')} data-testid="reply-send">
            {t('reviews.send')}
          </button>
        </Show>
      </div>
      <Show when={action.attempt()}>
        {(attempt) => (
          <Outcome
            outcome={attempt().outcome}
            done={mode() === 'SEND' ? t('reviews.queued') : t('reviews.draftSaved')}
            onRetry={action.retry}
            part="reply"
            retryTestId="reply-retry"
            data-testid="reply-outcome"
          />
        )}
      </Show>
    </form>
  );
}
