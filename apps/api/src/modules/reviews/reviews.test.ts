// Reviews end to end on the real database with the fake Ozon: import (idempotent, per-row errors),
// the inbox and its statement count, replies (templates, drafts, limits, the Ozon port through the
// send job, 403 → FAILED, lost answers → one comment), thankReviews, negative follow-ups, buyers'
// edits on re-import, Product.feedback, masking, the pull.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db, OzonAccount } from '@orderly/schema';
import type { FakeOzon } from '../../../../../test/ozon-fake/fake.ts';
import { createOrder } from '../../testing/fixtures.ts';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { useOzonHarness } from '../marketplaces/ozon/ozon.fixtures.ts';
import { pullReviews } from '../marketplaces/ozon/reviews.service.ts';
import { sendQueuedReply } from './reviews.service.ts';

const ozon = useOzonHarness();
let db: Db;
let fake: FakeOzon;
let account: OzonAccount;
let admin: TestClient;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
beforeAll(() => {
  ({ db, fake, account, admin } = ozon);
});

const IMPORT = `mutation($reviews: [ImportReviewInput!]!) { importReviews(reviews: $reviews) {
  createdCount unchangedCount updatedCount failedCount results { index outcome userErrors { code field } review { id rating previousRating buyerName canReply cannotReplyReason replyMaxLength followUp { status } } } } }`;
const REPLY = `mutation($input: ReplyToReviewInput!) { replyToReview(input: $input) { reply { id text status } userErrors { code field message } } }`;

/** Runs the queued reply sends as the job runner would. */
async function runSendJobs() {
  const rows = await db.$queryRaw<{ id: bigint; payload: { replyId: string } }[]>`SELECT id, payload FROM "JobQueue" WHERE task = 'reviews.send-reply' ORDER BY id`;
  for (const row of rows) {
    await sendQueuedReply(db, row.payload.replyId, new Date());
    await db.$executeRaw`DELETE FROM "JobQueue" WHERE id = ${row.id}`;
  }
  return rows.length;
}

const localId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;
const callsOf = (path: string) => fake.requests.filter((r) => r.path === path).length;

/** One attempt of the send job for one reply, as the runner makes it: the job is done unless the attempt throws. */
async function sendAttempt(replyId: string) {
  const outcome = await sendQueuedReply(db, replyId, new Date());
  await db.$executeRaw`DELETE FROM "JobQueue" WHERE task = 'reviews.send-reply' AND payload->>'replyId' = ${replyId}`;
  return outcome;
}

async function importOne(review: Record<string, unknown>) {
  const r = await admin(IMPORT, { reviews: [{ channel: 'ozon', rating: 5, ...review }] });
  expect(r.errors).toBeUndefined();
  return r.data.importReviews.results[0];
}

describe('importReviews', () => {
  it('records reviews once per channel + external id, row by row, with typed errors for bad rows and nothing written for them', async () => {
    const reviews = [
      { channel: 'ozon', externalId: 'imp-1', productSku: 'OZ-A', rating: 5, text: 'Отлично', buyerName: 'Анна Смирнова' },
      { channel: 'ozon', externalId: 'imp-2', productSku: 'OZ-A', rating: 6 },
      { channel: 'ozon', externalId: 'imp-3', productSku: 'NOPE', rating: 4 },
      { channel: 'ozon', externalId: 'imp-4', orderExternalId: 'no-such-posting', rating: 4 },
      { channel: 'ozon', externalId: 'imp-5', productSku: 'OZ-B', rating: 2, text: 'Сломался' },
    ];
    const first = await admin(IMPORT, { reviews });
    expect(first.errors).toBeUndefined();
    const p = first.data.importReviews;
    expect([p.createdCount, p.failedCount]).toEqual([2, 3]);
    expect(p.results[1].userErrors).toEqual([{ code: 'INVALID_RATING', field: ['reviews', '1', 'rating'] }]);
    expect(p.results[2].userErrors).toEqual([{ code: 'UNKNOWN_SKU', field: ['reviews', '2', 'productSku'] }]);
    expect(p.results[3].userErrors).toEqual([{ code: 'NOT_FOUND', field: ['reviews', '3', 'orderExternalId'] }]);
    expect(await db.review.count({ where: { externalId: { in: ['imp-2', 'imp-3', 'imp-4'] } } })).toBe(0);
    // Negative review: a follow-up is opened; the Ozon channel can receive replies.
    expect(p.results[4].review.followUp).toEqual({ status: 'OPEN' });
    expect(p.results[0].review.followUp).toBeNull();
    expect(p.results[0].review.canReply).toBe(true);
    expect(p.results[0].review.replyMaxLength).toBe(1000);
    // ADMIN reads buyer data unmasked; a key without read_customers sees it masked.
    expect(p.results[0].review.buyerName).toBe('Анна Смирнова');
    const again = await admin(IMPORT, { reviews: [reviews[0]] });
    expect(again.data.importReviews.results[0].outcome).toBe('UNCHANGED');
    expect(await db.review.count({ where: { externalId: 'imp-1' } })).toBe(1);
    const events = await db.outboxEvent.findMany({ where: { type: 'review.created' } });
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events.map((e) => e.payload))).not.toContain('Анна');

    const integrator = createTestClient(db, { apiKeyScopes: ['read_reviews'] });
    const read = await integrator(`query($id: ID!) { node(id: $id) { ... on Review { buyerName rating } } }`, { id: p.results[0].review.id });
    expect(read.data.node).toEqual({ buyerName: 'А***а С***', rating: 5 });
    const write = await integrator(IMPORT, { reviews: [{ channel: 'ozon', externalId: 'imp-x', rating: 5 }] });
    expect(write.errors?.[0]?.message).toMatch(/permission|not allowed|reviews:write/i);
  });

  it('says a manual review cannot receive replies and refuses to send one, writing nothing', async () => {
    const created = await admin(
      `mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id channel canReply cannotReplyReason replyMaxLength } userErrors { code } } }`,
      { input: { rating: 4, text: 'Написала по почте' } },
    );
    const review = created.data.createReview.review;
    expect(review).toMatchObject({ channel: 'manual', canReply: false, replyMaxLength: 5000 });
    expect(review.cannotReplyReason).toMatch(/by hand/);
    const sent = await admin(REPLY, { input: { reviewId: review.id, text: 'Спасибо!', mode: 'SEND' } });
    expect(sent.data.replyToReview.userErrors[0]).toMatchObject({ code: 'REVIEW_CANNOT_REPLY' });
    expect(await db.reviewReply.count({ where: { review: { channel: 'manual' } } })).toBe(0);
  });
});

describe('replies through the Ozon port', () => {
  it('fills a template, sends it through the job to Ozon (SENT, review ANSWERED, review.replied), and refuses replies over 1,000 characters', async () => {
    const ozonReview = fake.addReview({ sku: 501, offer_id: 'OZ-A', rating: 5, text: 'Супер' });
    const row = await importOne({ externalId: ozonReview.id, productSku: 'OZ-A', buyerName: 'Иван Петров' });
    const long = await admin(REPLY, { input: { reviewId: row.review.id, text: 'я'.repeat(1001), mode: 'DRAFT' } });
    expect(long.data.replyToReview.userErrors).toMatchObject([{ code: 'REPLY_TOO_LONG', field: ['input', 'text'] }]);
    expect(await db.reviewReply.count()).toBe(0);

    const [template] = await db.reviewReplyTemplate.findMany({ where: { name: 'thanks', locale: 'ru' } });
    const queued = await admin(REPLY, { input: { reviewId: row.review.id, templateId: gid('ReviewReplyTemplate', template!.id), mode: 'SEND' } });
    expect(queued.data.replyToReview.userErrors).toEqual([]);
    expect(queued.data.replyToReview.reply.status).toBe('QUEUED');
    expect(queued.data.replyToReview.reply.text).toContain('Здравствуйте, Иван!');
    expect(queued.data.replyToReview.reply.text).toContain('Товар OZ-A');
    expect(await runSendJobs()).toBe(1);
    expect(fake.reviewComments).toEqual([expect.objectContaining({ review_id: ozonReview.id, processed: true, text: queued.data.replyToReview.reply.text })]);
    const reply = await db.reviewReply.findFirstOrThrow({ where: { review: { externalId: ozonReview.id } }, include: { review: true } });
    expect(reply).toMatchObject({ status: 'SENT', externalId: fake.reviewComments[0]!.comment_id });
    expect(reply.review.status).toBe('ANSWERED');
    expect(await db.outboxEvent.count({ where: { type: 'review.replied', aggregateId: reply.reviewId } })).toBe(1);
  });

  it('marks the reply FAILED with a clear reason when Ozon answers 403 (no Premium)', async () => {
    const ozonReview = fake.addReview({ sku: 501, offer_id: 'OZ-A', rating: 4 });
    const row = await importOne({ externalId: ozonReview.id, rating: 4 });
    fake.denyAccess('/v1/review/comment/create');
    try {
      const queued = await admin(REPLY, { input: { reviewId: row.review.id, text: 'Спасибо', mode: 'SEND' } });
      expect(queued.data.replyToReview.userErrors).toEqual([]);
      await runSendJobs();
      const reply = await db.reviewReply.findUniqueOrThrow({ where: { id: Buffer.from(queued.data.replyToReview.reply.id, 'base64').toString().split(':')[1] } });
      expect(reply.status).toBe('FAILED');
      expect(reply.failureReason).toMatch(/Premium/);
    } finally {
      fake.allowAccess();
    }
  });

  it('does not post a reply twice when Ozon’s answer is lost: the next attempt finds it among the review’s comments', async () => {
    const ozonReview = fake.addReview({ sku: 501, offer_id: 'OZ-A', rating: 5 });
    const row = await importOne({ externalId: ozonReview.id });
    const comments = () => fake.reviewComments.filter((c) => c.review_id === ozonReview.id);
    const lists = callsOf('/v1/review/comment/list');
    const queued = await admin(REPLY, { input: { reviewId: row.review.id, text: 'Спасибо за отзыв!', mode: 'SEND' } });
    const replyId = localId(queued.data.replyToReview.reply.id);
    // Ozon posts the comment, its answer never comes.
    fake.injectFault({ path: '/v1/review/comment/create', kind: 'answer_lost' });
    await expect(sendAttempt(replyId)).rejects.toMatchObject({ name: 'OzonUnavailableError', reason: 'timeout' });
    expect(comments()).toHaveLength(1);
    expect(await db.reviewReply.findUniqueOrThrow({ where: { id: replyId } })).toMatchObject({ status: 'QUEUED', attempts: 1, maybeDelivered: true });
    // The first attempt looked for nothing; the retry looks (through a 5xx the client retries) and posts nothing.
    expect(callsOf('/v1/review/comment/list')).toBe(lists);
    fake.injectFault({ path: '/v1/review/comment/list', kind: '5xx' });
    expect(await sendAttempt(replyId)).toBe('SENT');
    expect(comments()).toHaveLength(1);
    expect(await db.reviewReply.findUniqueOrThrow({ where: { id: replyId } })).toMatchObject({ status: 'SENT', externalId: comments()[0]!.comment_id });
    expect(await db.review.findUniqueOrThrow({ where: { id: localId(row.review.id) } })).toMatchObject({ status: 'ANSWERED' });
    expect(await db.outboxEvent.count({ where: { type: 'review.replied', aggregateId: localId(row.review.id) } })).toBe(1);
  });

  it('posts once after a failure Ozon did not act on: a 5xx is looked for, a 429 is not', async () => {
    const ozonReview = fake.addReview({ sku: 501, offer_id: 'OZ-A', rating: 4 });
    const row = await importOne({ externalId: ozonReview.id, rating: 4 });
    const queued = await admin(REPLY, { input: { reviewId: row.review.id, text: 'Благодарим!', mode: 'SEND' } });
    const replyId = localId(queued.data.replyToReview.reply.id);
    const lists = callsOf('/v1/review/comment/list');
    // 429 (three times: the client's own retries): Ozon surely did not take it.
    fake.injectFault({ path: '/v1/review/comment/create', kind: '429', times: 3 });
    await expect(sendAttempt(replyId)).rejects.toMatchObject({ status: 429 });
    expect(await db.reviewReply.findUniqueOrThrow({ where: { id: replyId } })).toMatchObject({ status: 'QUEUED', maybeDelivered: false });
    // 5xx: it may have; the next attempt looks, finds nothing and posts.
    fake.injectFault({ path: '/v1/review/comment/create', kind: '5xx' });
    await expect(sendAttempt(replyId)).rejects.toMatchObject({ status: 500 });
    expect(callsOf('/v1/review/comment/list')).toBe(lists);
    expect(await sendAttempt(replyId)).toBe('SENT');
    expect(callsOf('/v1/review/comment/list')).toBe(lists + 1);
    const comments = fake.reviewComments.filter((c) => c.review_id === ozonReview.id);
    expect(comments).toHaveLength(1);
    expect(await db.reviewReply.findUniqueOrThrow({ where: { id: replyId } })).toMatchObject({ status: 'SENT', externalId: comments[0]!.comment_id, attempts: 3 });
  });

  it('after a lost answer, still FAILS a reply Ozon refuses (the reason; 403 says Premium)', async () => {
    const send = async (text: string) => {
      const ozonReview = fake.addReview({ sku: 501, offer_id: 'OZ-A', rating: 5 });
      const row = await importOne({ externalId: ozonReview.id });
      const queued = await admin(REPLY, { input: { reviewId: row.review.id, text, mode: 'SEND' } });
      const replyId = localId(queued.data.replyToReview.reply.id);
      fake.injectFault({ path: '/v1/review/comment/create', kind: 'timeout' });
      await expect(sendAttempt(replyId)).rejects.toMatchObject({ reason: 'timeout' });
      return { ozonReview, replyId };
    };
    const gone = await send('Спасибо');
    fake.reviews.delete(gone.ozonReview.id);
    expect(await sendAttempt(gone.replyId)).toBe('FAILED');
    expect((await db.reviewReply.findUniqueOrThrow({ where: { id: gone.replyId } })).failureReason).toMatch(/Ozon refused \(404.*review not found/);

    const premium = await send('Спасибо!');
    fake.denyAccess('/v1/review/comment/list');
    try {
      expect(await sendAttempt(premium.replyId)).toBe('FAILED');
    } finally {
      fake.allowAccess();
    }
    expect((await db.reviewReply.findUniqueOrThrow({ where: { id: premium.replyId } })).failureReason).toMatch(/Premium/);
    expect(fake.reviewComments.filter((c) => c.review_id === premium.ozonReview.id)).toEqual([]);
  });

  it('thankReviews queues one reply per good review, skips answered ones on a repeat and refuses negative ones', async () => {
    const good = await importOne({ externalId: fake.addReview({ sku: 501, offer_id: 'OZ-A', rating: 5 }).id });
    const bad = await importOne({ externalId: fake.addReview({ sku: 501, offer_id: 'OZ-A', rating: 2 }).id, rating: 2 });
    const [template] = await db.reviewReplyTemplate.findMany({ where: { name: 'thanks', locale: 'en' } });
    const THANK = `mutation($ids: [ID!]!, $t: ID!) { thankReviews(reviewIds: $ids, templateId: $t) { queuedCount failedCount results { index outcome userErrors { code } } } }`;
    const vars = { ids: [good.review.id, bad.review.id], t: gid('ReviewReplyTemplate', template!.id) };
    const first = await admin(THANK, vars);
    expect(first.data.thankReviews).toMatchObject({ queuedCount: 1, failedCount: 1 });
    expect(first.data.thankReviews.results[1].userErrors).toEqual([{ code: 'INVALID_RATING' }]);
    const second = await admin(THANK, vars);
    expect(second.data.thankReviews.results[0].outcome).toBe('ALREADY_ANSWERED');
    expect(await runSendJobs()).toBe(1);
  });
});

describe("buyers' edits on re-import", () => {
  it('updates the rating, text and photo links, keeps the previous rating, resolves or opens the follow-up, announces review.updated', async () => {
    const first = await importOne({ externalId: 'edit-1', productSku: 'OZ-A', rating: 2, text: 'Плохо' });
    expect(first.review.followUp).toEqual({ status: 'OPEN' });
    const raisedRow = { externalId: 'edit-1', productSku: 'OZ-A', rating: 5, text: 'Продавец помог, всё отлично' };
    const raised = await admin(IMPORT, { reviews: [{ channel: 'ozon', ...raisedRow }] });
    expect(raised.data.importReviews).toMatchObject({ updatedCount: 1, createdCount: 0, unchangedCount: 0 });
    expect(raised.data.importReviews.results[0]).toMatchObject({ outcome: 'UPDATED', review: { rating: 5, previousRating: 2, followUp: { status: 'RESOLVED' } } });
    const id = localId(first.review.id);
    const stored = await db.review.findUniqueOrThrow({ where: { id }, include: { followUp: true } });
    expect(stored).toMatchObject({ body: 'Продавец помог, всё отлично', previousRating: 2, editedAt: expect.any(Date) });
    expect(stored.followUp).toMatchObject({ resolvedAt: expect.any(Date), note: expect.stringMatching(/by the buyer.*2 to 5/) });
    expect((await importOne(raisedRow)).outcome).toBe('UNCHANGED');
    const events = await db.outboxEvent.findMany({ where: { type: 'review.updated', aggregateId: id } });
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ rating: 5, previousRating: 2, fields: ['rating', 'body'], reviewVersion: stored.version })]);

    // Lowered again: the follow-up is reopened; a good review lowered to negative gets one.
    expect((await importOne({ ...raisedRow, rating: 1 })).review).toMatchObject({ rating: 1, previousRating: 5, followUp: { status: 'OPEN' } });
    const good = await importOne({ externalId: 'edit-2', productSku: 'OZ-A', rating: 5 });
    expect(good.review.followUp).toBeNull();
    expect((await importOne({ externalId: 'edit-2', productSku: 'OZ-A', rating: 2 })).review.followUp).toEqual({ status: 'OPEN' });
    // Only the photo links changed.
    const photos = await importOne({ externalId: 'edit-2', productSku: 'OZ-A', rating: 2, photoUrls: ['https://cdn.example/p.jpg'] });
    expect(photos.outcome).toBe('UPDATED');
    const last = await db.outboxEvent.findFirstOrThrow({ where: { type: 'review.updated', aggregateId: localId(good.review.id) }, orderBy: { createdAt: 'desc' } });
    expect(last.payload).toMatchObject({ fields: ['photoUrls'] });
  });
});

describe('negative reviews and Product.feedback', () => {
  it('refuses a return that does not exist, takes a cause, contacts the buyer through the notifier, and feeds the product’s feedback', async () => {
    const order = await createOrder(db, { status: 'DELIVERED', channel: 'ozon', lineCount: 1 });
    await db.order.update({ where: { id: order.id }, data: { shippedAt: new Date() } });
    const row = await importOne({ externalId: 'neg-1', orderExternalId: order.externalId, rating: 1, text: 'Не то' });
    expect(row.userErrors).toEqual([]);
    const FOLLOW = `mutation($input: UpdateReviewFollowUpInput!) { updateReviewFollowUp(input: $input) { review { followUp { status cause } } userErrors { code field } } }`;
    const wrongReturn = await admin(FOLLOW, { input: { reviewId: row.review.id, returnId: gid('Return', '00000000-0000-7000-8000-000000000000') } });
    expect(wrongReturn.data.updateReviewFollowUp.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'returnId'] }]);
    const set = await admin(FOLLOW, { input: { reviewId: row.review.id, cause: 'DESCRIPTION_MISMATCH' } });
    expect(set.data.updateReviewFollowUp.review.followUp).toEqual({ status: 'OPEN', cause: 'DESCRIPTION_MISMATCH' });
    const contacted = await admin(`mutation($id: ID!) { contactReviewBuyer(reviewId: $id) { review { followUp { status } } userErrors { code } } }`, {
      id: row.review.id,
    });
    expect(contacted.data.contactReviewBuyer).toEqual({ review: { followUp: { status: 'CONTACTED' } }, userErrors: [] });
    const notice = await db.outboxEvent.findFirstOrThrow({ where: { type: 'notification.contact_buyer', aggregateId: order.id } });
    expect(notice.payload).toMatchObject({ template: 'REVIEW_FOLLOW_UP' });
    expect(await db.orderEvent.count({ where: { orderId: order.id, type: 'NOTIFICATION_QUEUED' } })).toBe(1);

    await importOne({ externalId: 'pos-1', orderExternalId: order.externalId, rating: 5 });
    const feedback = await admin(
      `query($id: ID!) { node(id: $id) { ... on Product { feedback { averageRating reviewCount causes { cause count } latestNegativeReviews { externalId } } } } }`,
      {
        id: gid('Product', order.lines[0]!.productId),
      },
    );
    expect(feedback.data.node.feedback).toEqual({
      averageRating: 3,
      reviewCount: 2,
      causes: [{ cause: 'DESCRIPTION_MISMATCH', count: 1 }],
      latestNegativeReviews: [{ externalId: 'neg-1' }],
    });
  });
});

describe('the inbox', () => {
  it('filters (unanswered, ratings, channel, dates), newest first', async () => {
    const q = `query($f: ReviewFilter) { reviews(first: 50, filter: $f) { edges { node { externalId rating publishedAt answered } } } }`;
    const all = (await admin(q, {})).data.reviews.edges.map((e: { node: { publishedAt: string } }) => e.node.publishedAt);
    expect([...all].sort().reverse()).toEqual(all);
    const unanswered = (await admin(q, { f: { unanswered: true, maxRating: 3 } })).data.reviews.edges.map((e: { node: { rating: number; answered: boolean } }) => e.node);
    expect(unanswered.length).toBeGreaterThan(0);
    expect(unanswered.every((n: { rating: number; answered: boolean }) => n.rating <= 3 && !n.answered)).toBe(true);
    const future = await admin(q, { f: { publishedFrom: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(future.data.reviews.edges).toEqual([]);
    expect((await admin(q, { f: { channel: 'manual' } })).data.reviews.edges).toHaveLength(1);
  });
});

describe('the Ozon reviews pull', () => {
  it('imports new reviews with their product (Ozon SKU → offer id) once', async () => {
    const item = fake.addReview({ sku: 502, offer_id: 'OZ-B', rating: 3, text: 'Так себе' });
    const first = await pullReviews(db, account);
    expect(first.imported).toBeGreaterThanOrEqual(1);
    const review = await db.review.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'ozon', externalId: item.id } },
      include: { product: true, followUp: true },
    });
    expect(review.product?.sku).toBe('OZ-B');
    expect(review.followUp?.status).toBe('OPEN');
    expect((await pullReviews(db, account)).imported).toBe(0);
  });

  it('updates a review the buyer edited on Ozon', async () => {
    const item = fake.addReview({ sku: 502, offer_id: 'OZ-B', rating: 2, text: 'Не работает' });
    await pullReviews(db, account);
    const where = { channel_externalId: { channel: 'ozon', externalId: item.id } };
    expect((await db.review.findUniqueOrThrow({ where, include: { followUp: true } })).followUp?.status).toBe('OPEN');
    Object.assign(item, { rating: 5, text: 'Разобрался, работает' });
    expect(await pullReviews(db, account)).toMatchObject({ imported: 0, updated: 1 });
    const review = await db.review.findUniqueOrThrow({ where, include: { followUp: true } });
    expect(review).toMatchObject({ rating: 5, previousRating: 2, body: 'Разобрался, работает' });
    expect(review.followUp?.status).toBe('RESOLVED');
    expect(await pullReviews(db, account)).toMatchObject({ imported: 0, updated: 0 });
  });
});

describe('statements', () => {
  it('reads the inbox with feedback and replies in the same number of statements for 5 and for 25 reviews', async () => {
    const statements: string[] = [];
    const { createTestDatabase } = await import('@orderly/schema/testing');
    const database = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
    try {
      const gql = createTestClient(database.prisma);
      const product = await database.prisma.product.create({ data: { sku: 'ST-1', name: 'Статистика', priceAmount: 100, currency: 'RUB' } });
      const rows = Array.from({ length: 25 }, (_, i) => ({ channel: 'shop', externalId: `st-${i}`, productId: gid('Product', product.id), rating: (i % 5) + 1 }));
      expect((await gql(IMPORT, { reviews: rows })).data.importReviews.createdCount).toBe(25);
      const q = `query($n: Int!) { reviews(first: $n) { edges { node { rating canReply replies { status } followUp { status }
        product { sku feedback { averageRating reviewCount latestNegativeReviews { rating } returnReasons { reason } causes { cause } } } } } } }`;
      const count = async (n: number) => {
        statements.length = 0;
        const r = await gql(q, { n });
        expect(r.errors).toBeUndefined();
        expect(r.data.reviews.edges).toHaveLength(n);
        return statements.length;
      };
      expect(await count(25)).toBe(await count(5));
    } finally {
      await database.drop();
    }
  });
});
