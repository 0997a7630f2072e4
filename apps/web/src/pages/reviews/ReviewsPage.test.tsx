import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { createMockFetch, MANAGER_PERMISSIONS, meResponse } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';

const REVIEW = 'UmV2aWV3OnJ2LTE=';
const MANAGER = [...MANAGER_PERMISSIONS, 'reviews:read', 'reviews:write'];
const TEMPLATE = { __typename: 'ReviewReplyTemplate', id: 'tpl-1', name: 'Sorry', text: 'Sorry, {buyerFirstName}, about {productName}.' };

function review(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Review',
    id: REVIEW,
    rating: 1,
    text: 'Arrived broken',
    channel: 'ozon',
    publishedAt: new Date().toISOString(),
    answered: false,
    product: { __typename: 'Product', id: 'UHJvZHVjdDpwLTE=', name: 'Power bank' },
    followUp: { __typename: 'ReviewFollowUp', status: 'OPEN' },
    replies: [],
    buyerName: 'Анна',
    canReply: true,
    cannotReplyReason: null,
    replyMaxLength: 1000,
    photoUrls: [],
    photos: [],
    order: { __typename: 'Order', id: 'T3JkZXI6NDE=', number: 41 },
    ...overrides,
  };
}
const page = (nodes: unknown[]) => ({
  data: {
    reviews: {
      __typename: 'QueryReviewsConnection',
      pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
      edges: nodes.map((node) => ({ __typename: 'QueryReviewsConnectionEdge', node })),
    },
  },
});

describe('ReviewsPage', () => {
  it('starts at the unanswered ones and filters the negative', async () => {
    const api = createMockFetch({ Me: () => meResponse({ permissions: MANAGER }), Reviews: () => page([review()]) });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/reviews' });
    const row = await screen.findByTestId('review-row', {}, { timeout: 20_000 });
    expect(row.textContent).toContain('Power bank');
    expect(row.querySelector('[data-testid="review-reply-status"]')!.getAttribute('data-status')).toBe('NONE');
    expect(row.querySelector('[data-testid="review-follow-up"]')).not.toBeNull();
    expect(api.requests.find((r) => r.operationName === 'Reviews')!.variables.filter).toEqual({ unanswered: true });
    fireEvent.click(screen.getAllByTestId('reviews-view').find((chip) => chip.dataset.view === 'negative')!);
    await waitFor(() => expect(api.requests.some((r) => r.operationName === 'Reviews' && JSON.stringify(r.variables.filter) === '{"maxRating":2}')).toBe(true));
  });

  it('thanks every unanswered 4–5★ review with one template after a confirmation', async () => {
    const api = createMockFetch({
      Me: () => meResponse({ permissions: MANAGER }),
      Reviews: (r) =>
        page(JSON.stringify(r.variables.filter) === '{"ratings":[4,5],"unanswered":true}' ? [review({ id: 'a', rating: 5 }), review({ id: 'b', rating: 4 })] : []),
      ReviewReplyTemplates: () => ({ data: { reviewReplyTemplates: [TEMPLATE] } }),
      ThankReviews: () => ({ data: { thankReviews: { __typename: 'ThankReviewsPayload', queuedCount: 2, failedCount: 0, results: [] } } }),
    });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/reviews' });
    fireEvent.click(await screen.findByTestId('reviews-thank', {}, { timeout: 20_000 }));
    fireEvent.click(await screen.findByTestId('thank-confirm', {}, { timeout: 10_000 }));
    expect((await screen.findByTestId('thank-done')).textContent).toContain('Queued 2');
    const sent = api.requests.filter((r) => r.operationName === 'ThankReviews');
    expect(sent).toHaveLength(1);
    expect(sent[0].variables).toMatchObject({ reviewIds: ['a', 'b'], templateId: 'tpl-1' });
    expect(typeof sent[0].variables.idempotencyKey).toBe('string');
  });

  it('is not for those without reviews:read', async () => {
    const api = createMockFetch({ Me: () => meResponse({ roles: ['PACKER'], permissions: ['orders:read', 'packing'] }) });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/reviews' });
    await screen.findByTestId('reviews-forbidden', {}, { timeout: 20_000 });
  });
});

describe('ReviewDetailPage', () => {
  it('sends a template as the template, with an idempotency key; a failed reply shows the reason', async () => {
    const failed = {
      __typename: 'ReviewReply',
      id: 'rr-0',
      status: 'FAILED',
      text: 'Earlier',
      failureReason: 'Premium only',
      sentAt: null,
      updatedAt: new Date().toISOString(),
    };
    const api = createMockFetch({
      Me: () => meResponse({ permissions: MANAGER }),
      ReviewDetail: () => ({ data: { node: review({ replies: [failed] }) } }),
      ReviewReplyTemplates: () => ({ data: { reviewReplyTemplates: [TEMPLATE] } }),
      ReplyToReview: () => ({
        data: {
          replyToReview: {
            __typename: 'ReplyToReviewPayload',
            reply: { ...failed, id: 'rr-1', status: 'QUEUED', failureReason: null },
            review: review(),
            userErrors: [],
          },
        },
      }),
    });
    renderApp({ fetch: api.fetch, locale: 'en', path: `/reviews/${encodeURIComponent(REVIEW)}` });
    expect((await screen.findByTestId('reply-failure', {}, { timeout: 20_000 })).textContent).toContain('Premium only');
    const picker = (await screen.findByTestId('reply-template')) as HTMLSelectElement;
    fireEvent.change(picker, { target: { value: 'tpl-1' } });
    expect((screen.getByTestId('reply-text') as HTMLTextAreaElement).value).toBe(TEMPLATE.text);
    expect(screen.getByTestId('reply-count').textContent).toBe(`Characters: ${[...TEMPLATE.text].length} of 1,000`);
    fireEvent.click(screen.getByTestId('reply-send'));
    await screen.findByTestId('reply-done', {}, { timeout: 10_000 });
    const sent = api.requests.find((r) => r.operationName === 'ReplyToReview')!;
    expect(sent.variables.input).toEqual({ reviewId: REVIEW, mode: 'SEND', templateId: 'tpl-1' });
    expect(typeof sent.variables.idempotencyKey).toBe('string');
  });

  it('counts the reply against the channel’s limit and will not send one too long', async () => {
    const api = createMockFetch({
      Me: () => meResponse({ permissions: MANAGER }),
      ReviewDetail: () => ({ data: { node: review({ replyMaxLength: 10 }) } }),
      ReviewReplyTemplates: () => ({ data: { reviewReplyTemplates: [] } }),
    });
    renderApp({ fetch: api.fetch, locale: 'ru', path: `/reviews/${encodeURIComponent(REVIEW)}` });
    const box = (await screen.findByTestId('reply-text', {}, { timeout: 20_000 })) as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'Спасибо 👍' } });
    expect(screen.getByTestId('reply-count').textContent).toBe('Символов: 9 из 10');
    expect((screen.getByTestId('reply-send') as HTMLButtonElement).disabled).toBe(false);
    fireEvent.input(box, { target: { value: 'Спасибо большое!' } });
    const count = screen.getByTestId('reply-count');
    expect(count.dataset.over).toBe('true');
    expect(count.textContent).toBe('Символов: 16 из 10 · Лишних 6 символов');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByTestId('reply-send') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('reply-draft') as HTMLButtonElement).disabled).toBe(true);
    expect(api.requests.some((r) => r.operationName === 'ReplyToReview')).toBe(false);
  });

  it('shows the buyer’s photos as thumbnails that open full size', async () => {
    const photo = { __typename: 'ReviewPhoto', id: 'UmV2aWV3UGhvdG86cGgtMQ==', fileName: 'box.png' };
    const api = createMockFetch({
      Me: () => meResponse({ permissions: MANAGER }),
      ReviewDetail: () => ({ data: { node: review({ photos: [photo], photoUrls: ['https://cdn.example/ozon-1.jpg'] }) } }),
      ReviewReplyTemplates: () => ({ data: { reviewReplyTemplates: [] } }),
      ReviewPhotoFile: ({ variables }) => ({
        data: { reviewPhotoFile: variables.id === photo.id ? { __typename: 'Document', contentType: 'image/png', content: 'iVBORw0KGgo=' } : null },
      }),
    });
    renderApp({ fetch: api.fetch, locale: 'zh-CN', path: `/reviews/${encodeURIComponent(REVIEW)}` });
    await waitFor(() => expect(screen.getAllByTestId('review-photo')).toHaveLength(2), { timeout: 20_000 });
    const [uploaded, hosted] = screen.getAllByTestId('review-photo');
    expect(uploaded!.querySelector('img')!.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(uploaded!.querySelector('img')!.getAttribute('alt')).toBe('评价照片 1');
    expect(hosted!.getAttribute('aria-label')).toBe('查看大图：照片 2');
    fireEvent.click(hosted!);
    const full = await screen.findByTestId('review-photo-full');
    expect(full.querySelector('img')!.getAttribute('src')).toBe('https://cdn.example/ozon-1.jpg');
    expect(full.querySelector('img')!.getAttribute('alt')).toBe('评价照片 2');
  });
});
