import { createSignal, createUniqueId, For, Show } from 'solid-js';
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
  const { t, tn, number } = useI18n();
  const countId = createUniqueId();
  const templates = useReplyTemplates();
  const draft = () => props.review.replies.filter((reply) => reply.status === 'DRAFT').at(-1)?.text ?? '';
  const [text, setText] = createSignal(draft());
  const [templateId, setTemplateId] = createSignal('');
  const [mode, setMode] = createSignal<Mode>('SEND');
  /** Characters as the API counts them (code points), and how many the channel takes. */
  const length = () => [...text()].length;
  const over = () => length() - props.review.replyMaxLength;
  const blocked = () => action.busy() || !text().trim() || over() > 0;
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
    if (blocked()) return;
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
        <textarea
          class="field__control"
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
          aria-describedby={countId}
          aria-invalid={over() > 0}
          data-testid="reply-text"
        />
      </label>
      <p
        id={countId}
        class="reply-box__count"
        classList={{ muted: over() <= 0, 'reply-box__count--over': over() > 0 }}
        data-testid="reply-count"
        data-over={over() > 0}
        aria-live="polite"
      >
        {t('reviews.charsOf', { count: number(length()), max: number(props.review.replyMaxLength) })}
        <Show when={over() > 0}> · {tn('reviews.tooLong', over())}</Show>
      </p>
      <div class="reply-box__actions">
        <button type="button" class="button" disabled={blocked()} onClick={() => void submit('DRAFT')} data-testid="reply-draft">
          {t('reviews.saveDraft')}
        </button>
        <Show when={props.review.canReply}>
          <button type="button" class="button button--primary" disabled={blocked()} onClick={() => void submit('SEND')} data-testid="reply-send">
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
