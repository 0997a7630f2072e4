// Buyer reviews: recorded from a channel (importReviews, the marketplace connector; idempotent on
// channel + external id, a buyer's edit of rating, text or photos updates the review) or typed in by staff (createReview); replies written by hand or from a
// template, kept as drafts or sent through the channel's port (reply-channel.ts) by the
// `reviews.send-reply` job; a follow-up for every negative review (rating ≤ 3): its cause, the
// order's exception or return, a message to the buyer through the notifier.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db, Prisma, ReviewCause, ReviewFollowUpStatus } from '@orderly/schema';
import { DomainError, userError, type UserErrorShape } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { displayName, type EvidenceUpload, maxEvidenceBytes, sniffFileType } from '../exceptions/evidence.service.ts';
import { enqueueJob } from '../jobs/enqueue.ts';
import { queueBuyerNotice } from '../notifications/notifier.ts';
import { uploadsDir } from '../packing/packing.service.ts';
import { recordOutboxEvent } from '../webhooks/outbox.service.ts';
import { manualChannel, replyChannelFor } from './reply-channel.ts';

export const reviewLimits = {
  body: 5000,
  buyerName: 200,
  photoUrls: 10,
  photos: 5,
  externalId: 200,
  channel: 50,
  /** Replies to channels without a port of their own (drafts). */
  reply: 5000,
  templateName: 100,
  /** Reviews thanked in one thankReviews call. */
  thankBatch: 100,
} as const;

/** Ratings up to this one open a follow-up. */
export const negativeRatingMax = 3;
/** thankReviews answers reviews from this rating up. */
export const goodRatingMin = 4;
/** Send attempts before a queued reply is given up (FAILED). */
export const maxSendAttempts = 6;
export const sendReplyTask = 'reviews.send-reply';

export const replyLocales = ['ru', 'zh-CN', 'en'] as const;
export type ReplyLocale = (typeof replyLocales)[number];

export interface ReviewInput {
  channel: string;
  /** The channel's id of the review; generated for reviews typed in by hand. */
  externalId?: string | null;
  productId?: string | null;
  /** Our SKU, when the caller does not know the product's id. */
  productSku?: string | null;
  orderId?: string | null;
  /** The order's id on the same channel (what a connector knows). */
  orderExternalId?: string | null;
  rating: number;
  body?: string | null;
  buyerName?: string | null;
  publishedAt?: Date | null;
  photoUrls?: string[] | null;
}

export interface RecordedReview {
  reviewId: string;
  outcome: 'CREATED' | 'UPDATED' | 'UNCHANGED';
}

interface Who {
  actor: string;
  now: Date;
}

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

/** Every error of a review input at once (field paths under `at`), nothing read from the database. */
function validateReviewInput(input: ReviewInput, at: (string | number)[], now: Date): UserErrorShape[] {
  const errors: UserErrorShape[] = [];
  const channel = input.channel.trim();
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(channel) || channel.length > reviewLimits.channel)
    errors.push(userError('INVALID_INPUT', `A channel is a code of letters, digits and . _ - (at most ${reviewLimits.channel})`, [...at, 'channel']));
  if (channel !== manualChannel && !input.externalId?.trim())
    errors.push(userError('INVALID_INPUT', 'A review from a channel needs its external id', [...at, 'externalId']));
  if ((input.externalId?.length ?? 0) > reviewLimits.externalId)
    errors.push(userError('INVALID_INPUT', `The external id is longer than ${reviewLimits.externalId} characters`, [...at, 'externalId']));
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
    errors.push(userError('INVALID_RATING', 'A rating is a whole number from 1 to 5', [...at, 'rating']));
  if ((input.body?.length ?? 0) > reviewLimits.body) errors.push(userError('INVALID_INPUT', `The text is longer than ${reviewLimits.body} characters`, [...at, 'body']));
  if ((input.buyerName?.length ?? 0) > reviewLimits.buyerName)
    errors.push(userError('INVALID_INPUT', `The buyer's name is longer than ${reviewLimits.buyerName} characters`, [...at, 'buyerName']));
  const urls = input.photoUrls ?? [];
  if (urls.length > reviewLimits.photoUrls) errors.push(userError('INVALID_INPUT', `At most ${reviewLimits.photoUrls} photo links`, [...at, 'photoUrls']));
  urls.forEach((url, i) => {
    if (!isHttpUrl(url)) errors.push(userError('INVALID_INPUT', 'A photo link must be an http(s) address', [...at, 'photoUrls', i]));
  });
  // A minute of clock skew between the channel and us.
  if (input.publishedAt && input.publishedAt.getTime() > now.getTime() + 60_000)
    errors.push(userError('INVALID_INPUT', 'A review cannot be published in the future', [...at, 'publishedAt']));
  if (input.productId && input.productSku) errors.push(userError('INVALID_INPUT', 'Give the product by id or by SKU, not both', [...at, 'productSku']));
  if (input.orderId && input.orderExternalId) errors.push(userError('INVALID_INPUT', 'Give the order by id or by external id, not both', [...at, 'orderExternalId']));
  return errors;
}

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** The product and order a review names, or NOT_FOUND errors for the ones that do not exist. */
async function resolveReferences(tx: Tx, input: ReviewInput, at: (string | number)[]) {
  const errors: UserErrorShape[] = [];
  let productId: string | null = null;
  if (input.productId) {
    const found = isUuid(input.productId) ? await tx.product.findUnique({ where: { id: input.productId }, select: { id: true } }) : null;
    if (found) productId = found.id;
    else errors.push(userError('NOT_FOUND', 'No such product', [...at, 'productId']));
  } else if (input.productSku) {
    const found = await tx.product.findUnique({ where: { sku: input.productSku.trim() }, select: { id: true } });
    if (found) productId = found.id;
    else errors.push(userError('UNKNOWN_SKU', `No product with SKU ${input.productSku.trim()}`, [...at, 'productSku']));
  }
  let orderId: string | null = null;
  if (input.orderId) {
    const found = isUuid(input.orderId) ? await tx.order.findUnique({ where: { id: input.orderId }, select: { id: true } }) : null;
    if (found) orderId = found.id;
    else errors.push(userError('NOT_FOUND', 'No such order', [...at, 'orderId']));
  } else if (input.orderExternalId) {
    const found = await tx.order.findUnique({
      where: { channel_externalId: { channel: input.channel.trim(), externalId: input.orderExternalId.trim() } },
      select: { id: true },
    });
    if (found) orderId = found.id;
    else errors.push(userError('NOT_FOUND', `No ${input.channel.trim()} order ${input.orderExternalId.trim()}`, [...at, 'orderExternalId']));
  }
  if (productId && orderId && !(await tx.orderLine.findFirst({ where: { orderId, productId }, select: { id: true } })))
    errors.push(userError('INVALID_INPUT', 'That order has no line of that product', [...at, 'productId']));
  if (!productId && orderId) {
    // An order of one product: the review is about it.
    const products = await tx.orderLine.findMany({ where: { orderId }, select: { productId: true }, distinct: ['productId'], take: 2 });
    if (products.length === 1) productId = products[0]!.productId;
  }
  return { productId, orderId, errors };
}

/** Locks a review's row for the rest of the transaction; NOT_FOUND at `field` when there is none. */
async function lockReview(tx: Tx, reviewId: string, field: (string | number)[]) {
  const rows = isUuid(reviewId) ? await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM "Review" WHERE id = ${reviewId}::uuid FOR UPDATE` : [];
  if (!rows.length) throw new DomainError(userError('NOT_FOUND', 'No such review', field));
  return tx.review.findUniqueOrThrow({ where: { id: reviewId }, include: { product: { select: { name: true, translations: true } } } });
}

const bumpVersion = (tx: Tx, reviewId: string, data: Prisma.ReviewUpdateInput = {}) =>
  tx.review.update({ where: { id: reviewId }, data: { ...data, version: { increment: 1 } } });

/** The order's latest exception and return, for a new follow-up. */
async function followUpLinks(tx: Tx, orderId: string | null) {
  if (!orderId) return { exceptionId: null, returnId: null };
  const [exception, ret] = await Promise.all([
    tx.exceptionCase.findFirst({ where: { orderId }, orderBy: { createdAt: 'desc' }, select: { id: true } }),
    tx.return.findFirst({ where: { orderId }, orderBy: { createdAt: 'desc' }, select: { id: true } }),
  ]);
  return { exceptionId: exception?.id ?? null, returnId: ret?.id ?? null };
}

/**
 * The buyer edited a recorded review (a repeat with another rating, text or photo links): the review
 * takes the new values (editedAt, previousRating), its follow-up follows the rating — raised above
 * negative, an unresolved follow-up is RESOLVED (by the buyer, said in its note); lowered to negative,
 * one is opened (or reopened) — and `review.updated`. Nothing given for text or photos: kept.
 */
async function applyReviewEdit(tx: Tx, reviewId: string, input: ReviewInput, who: Who, at: (string | number)[]): Promise<RecordedReview> {
  const current = await lockReview(tx, reviewId, at);
  const followUp = await tx.reviewFollowUp.findUnique({ where: { reviewId } });
  const body = input.body == null ? current.body : input.body.trim();
  const photoUrls = input.photoUrls ?? current.photoUrls;
  const fields = [
    ...(input.rating !== current.rating ? ['rating'] : []),
    ...(body !== current.body ? ['body'] : []),
    ...(photoUrls.join('\n') !== current.photoUrls.join('\n') ? ['photoUrls'] : []),
  ];
  if (!fields.length) return { reviewId, outcome: 'UNCHANGED' };
  const review = await bumpVersion(tx, reviewId, { rating: input.rating, body, photoUrls, editedAt: who.now, previousRating: current.rating });
  if (review.rating > negativeRatingMax && followUp && followUp.status !== 'RESOLVED') {
    const said = `Resolved by the buyer: rating raised from ${current.rating} to ${review.rating}.`;
    await tx.reviewFollowUp.update({
      where: { id: followUp.id },
      data: { status: 'RESOLVED', resolvedAt: who.now, note: followUp.note ? `${followUp.note}\n${said}` : said },
    });
  } else if (review.rating <= negativeRatingMax && current.rating > negativeRatingMax) {
    if (!followUp) await tx.reviewFollowUp.create({ data: { reviewId, ...(await followUpLinks(tx, review.orderId)) } });
    else if (followUp.status === 'RESOLVED') await tx.reviewFollowUp.update({ where: { id: followUp.id }, data: { status: 'OPEN', resolvedAt: null } });
  }
  await recordOutboxEvent(tx, {
    type: 'review.updated',
    aggregateType: 'Review',
    aggregateId: reviewId,
    payload: {
      reviewId,
      channel: review.channel,
      externalId: review.externalId,
      rating: review.rating,
      previousRating: current.rating,
      fields,
      productId: review.productId,
      orderId: review.orderId,
      editedAt: who.now.toISOString(),
    },
  });
  return { reviewId, outcome: 'UPDATED' };
}

/**
 * Records one review: for a repeat (same channel and external id) nothing written (UNCHANGED) or,
 * when the buyer edited it, the edit (UPDATED, applyReviewEdit); else the review, its follow-up when
 * the rating is negative (linked to the order's latest exception or return) and `review.created`.
 * Bad input, an unknown product or order: DomainError, nothing written.
 */
export async function recordReview(tx: Tx, input: ReviewInput, who: Who, at: (string | number)[] = ['input']): Promise<RecordedReview> {
  const errors = validateReviewInput(input, at, who.now);
  if (errors.length) throw new DomainError(errors);
  const channel = input.channel.trim();
  const externalId = input.externalId?.trim() || `${manualChannel}:${randomUUID()}`;
  const existing = await tx.review.findUnique({ where: { channel_externalId: { channel, externalId } }, select: { id: true } });
  if (existing) return applyReviewEdit(tx, existing.id, input, who, at);
  const refs = await resolveReferences(tx, input, at);
  if (refs.errors.length) throw new DomainError(refs.errors);

  // ON CONFLICT DO NOTHING: a concurrent import of the same review wins, this one is a repeat.
  const { count } = await tx.review.createMany({
    data: {
      channel,
      externalId,
      productId: refs.productId,
      orderId: refs.orderId,
      rating: input.rating,
      body: input.body?.trim() ?? '',
      authorName: input.buyerName?.trim() || null,
      publishedAt: input.publishedAt ?? who.now,
      photoUrls: input.photoUrls ?? [],
      recordedBy: who.actor,
    },
    skipDuplicates: true,
  });
  const review = await tx.review.findUniqueOrThrow({ where: { channel_externalId: { channel, externalId } } });
  if (count === 0) return applyReviewEdit(tx, review.id, input, who, at);

  if (review.rating <= negativeRatingMax) await tx.reviewFollowUp.create({ data: { reviewId: review.id, ...(await followUpLinks(tx, refs.orderId)) } });
  await recordOutboxEvent(tx, {
    type: 'review.created',
    aggregateType: 'Review',
    aggregateId: review.id,
    payload: {
      reviewId: review.id,
      channel,
      externalId,
      rating: review.rating,
      productId: review.productId,
      orderId: review.orderId,
      publishedAt: review.publishedAt.toISOString(),
    },
  });
  return { reviewId: review.id, outcome: 'CREATED' };
}

/**
 * A review typed in by staff (channel `manual` unless given) with photos uploaded to Orderly
 * (stored like return photos). A bad photo refuses the whole review; files are written last.
 */
export async function createReview(tx: Tx, input: ReviewInput & { photos?: EvidenceUpload[] }, who: Who): Promise<RecordedReview> {
  const photos = input.photos ?? [];
  const errors: UserErrorShape[] = [];
  if (photos.length > reviewLimits.photos) errors.push(userError('INVALID_FILE', `At most ${reviewLimits.photos} photos`, ['input', 'photos']));
  const typed = photos.map((file, i) => {
    const type = file.bytes.length > 0 && file.bytes.length <= maxEvidenceBytes ? sniffFileType(file.bytes) : null;
    if (file.bytes.length > maxEvidenceBytes)
      errors.push(userError('INVALID_FILE', `The file is larger than ${maxEvidenceBytes / 1024 / 1024} MB`, ['input', 'photos', i]));
    else if (!type?.contentType.startsWith('image/')) errors.push(userError('INVALID_FILE', 'A photo must be a JPEG, PNG or WebP image', ['input', 'photos', i]));
    return { file, type };
  });
  if (errors.length) throw new DomainError(errors);
  const recorded = await recordReview(tx, { ...input, channel: input.channel || manualChannel }, who);
  if (recorded.outcome !== 'CREATED') return recorded;
  const files = typed.map(({ file, type }) => ({
    bytes: file.bytes,
    relative: path.join('reviews', recorded.reviewId, `${randomUUID()}.${type!.extension}`),
    file,
    type: type!,
  }));
  for (const f of files) {
    await tx.reviewPhoto.create({
      data: {
        reviewId: recorded.reviewId,
        filePath: f.relative,
        fileName: displayName(f.file.name, f.type),
        contentType: f.type.contentType,
        byteSize: f.bytes.length,
        addedBy: who.actor,
        createdAt: who.now,
      },
    });
  }
  if (files.length) await fs.mkdir(path.join(uploadsDir(), 'reviews', recorded.reviewId), { recursive: true });
  for (const f of files) await fs.writeFile(path.join(uploadsDir(), f.relative), f.bytes);
  return recorded;
}

/** The stored file of a review photo, or null when it is gone. */
export async function readReviewPhoto(photo: { filePath: string; fileName: string; contentType: string }) {
  const file = path.join(uploadsDir(), photo.filePath);
  if (!file.startsWith(uploadsDir() + path.sep)) return null;
  const bytes = await fs.readFile(file).catch(() => null);
  return bytes && { filename: photo.fileName, contentType: photo.contentType, bytes };
}

// ─── Templates ──────────────────────────────────────────────────────────────────────────────────

/** Said in place of {buyerFirstName} when the channel gave no name. */
const anonymousBuyer: Record<ReplyLocale, string> = { ru: 'покупатель', 'zh-CN': '顾客', en: 'there' };

/** A template's text for one review: {buyerFirstName} and {productName} filled in (the product's name in the template's language). */
export function renderReply(
  template: { body: string; locale: string },
  review: { authorName: string | null; product: { name: string; translations: Prisma.JsonValue } | null },
): string {
  const locale = (replyLocales as readonly string[]).includes(template.locale) ? (template.locale as ReplyLocale) : 'en';
  const firstName = review.authorName?.trim().split(/\s+/)[0] || anonymousBuyer[locale];
  const translations = (review.product?.translations ?? {}) as Partial<Record<string, { name?: string }>>;
  const productName = translations[locale]?.name || review.product?.name || '';
  return template.body.replaceAll('{buyerFirstName}', firstName).replaceAll('{productName}', productName).trim();
}

export interface TemplateInput {
  name?: string | null;
  locale?: string | null;
  body?: string | null;
}

function validateTemplate(input: TemplateInput, required: boolean): UserErrorShape[] {
  const errors: UserErrorShape[] = [];
  const name = input.name?.trim();
  if ((required || input.name != null) && (!name || name.length > reviewLimits.templateName))
    errors.push(userError('INVALID_INPUT', `A template needs a name of at most ${reviewLimits.templateName} characters`, ['input', 'name']));
  if ((required || input.locale != null) && !(replyLocales as readonly string[]).includes(input.locale ?? ''))
    errors.push(userError('INVALID_INPUT', 'The language is ru, zh-CN or en', ['input', 'locale']));
  if ((required || input.body != null) && (!input.body?.trim() || input.body.length > reviewLimits.reply))
    errors.push(userError('INVALID_INPUT', `A template needs a text of at most ${reviewLimits.reply} characters`, ['input', 'body']));
  return errors;
}

async function checkNameFree(tx: Tx, name: string, locale: string, exceptId: string | null) {
  const taken = await tx.reviewReplyTemplate.findUnique({ where: { name_locale: { name, locale } }, select: { id: true } });
  if (taken && taken.id !== exceptId) throw new DomainError(userError('TEMPLATE_NAME_TAKEN', `A ${locale} template named "${name}" exists`, ['input', 'name']));
}

export async function createReplyTemplate(tx: Tx, input: TemplateInput) {
  const errors = validateTemplate(input, true);
  if (errors.length) throw new DomainError(errors);
  await checkNameFree(tx, input.name!.trim(), input.locale!, null);
  const template = await tx.reviewReplyTemplate.create({ data: { name: input.name!.trim(), locale: input.locale!, body: input.body!.trim() } });
  return { templateId: template.id };
}

export async function updateReplyTemplate(tx: Tx, templateId: string, input: TemplateInput) {
  const errors = validateTemplate(input, false);
  if (errors.length) throw new DomainError(errors);
  const current = isUuid(templateId) ? await tx.reviewReplyTemplate.findUnique({ where: { id: templateId } }) : null;
  if (!current) throw new DomainError(userError('NOT_FOUND', 'No such template', ['id']));
  const next = { name: input.name?.trim() ?? current.name, locale: input.locale ?? current.locale, body: input.body?.trim() ?? current.body };
  await checkNameFree(tx, next.name, next.locale, current.id);
  await tx.reviewReplyTemplate.update({ where: { id: current.id }, data: next });
  return { templateId: current.id };
}

/** Replies written from it keep their text (and lose the link). */
export async function deleteReplyTemplate(tx: Tx, templateId: string) {
  const deleted = isUuid(templateId) ? await tx.reviewReplyTemplate.deleteMany({ where: { id: templateId } }) : { count: 0 };
  if (!deleted.count) throw new DomainError(userError('NOT_FOUND', 'No such template', ['id']));
  return { templateId };
}

// ─── Replies ────────────────────────────────────────────────────────────────────────────────────

export type ReplyMode = 'DRAFT' | 'SEND';

export interface ReplyInput {
  reviewId: string;
  /** Exactly one of text and templateId. */
  text?: string | null;
  templateId?: string | null;
  mode: ReplyMode;
}

/**
 * Writes a reply to a review: kept as its one DRAFT (a new draft replaces the text of the old), or
 * queued for the channel (SEND: the draft, if any, becomes the sent reply; the `reviews.send-reply`
 * job sends it). Refused, nothing written: no text, a text over the channel's limit (REPLY_TOO_LONG),
 * SEND to a review whose channel cannot receive replies (REVIEW_CANNOT_REPLY).
 */
export async function replyToReview(tx: Tx, input: ReplyInput, who: Who & { userId: string | null }, at: (string | number)[] = ['input']) {
  if (!input.text === !input.templateId) throw new DomainError(userError('INVALID_INPUT', 'Give the reply text or a template, not both', [...at, 'text']));
  const review = await lockReview(tx, input.reviewId, [...at, 'reviewId']);
  let text = input.text?.trim() ?? '';
  let templateId: string | null = null;
  if (input.templateId) {
    const template = isUuid(input.templateId) ? await tx.reviewReplyTemplate.findUnique({ where: { id: input.templateId } }) : null;
    if (!template) throw new DomainError(userError('NOT_FOUND', 'No such template', [...at, 'templateId']));
    text = renderReply(template, review);
    templateId = template.id;
  }
  if (!text) throw new DomainError(userError('INVALID_INPUT', 'A reply needs a text', [...at, 'text']));
  const port = await replyChannelFor(tx, review.channel);
  if (input.mode === 'SEND' && !port.channel) throw new DomainError(userError('REVIEW_CANNOT_REPLY', port.reason, [...at, 'reviewId']));
  const maxLength = port.channel?.maxLength ?? reviewLimits.reply;
  if ([...text].length > maxLength)
    throw new DomainError(
      userError('REPLY_TOO_LONG', `The reply has ${[...text].length} characters; ${review.channel} takes at most ${maxLength}`, [
        ...at,
        input.templateId ? 'templateId' : 'text',
      ]),
    );

  const status = input.mode === 'SEND' ? 'QUEUED' : 'DRAFT';
  const draft = await tx.reviewReply.findFirst({ where: { reviewId: review.id, status: 'DRAFT' }, select: { id: true } });
  const data = { body: text, status, templateId, actor: who.actor, authorId: who.userId } as const;
  const reply = draft
    ? await tx.reviewReply.update({ where: { id: draft.id }, data })
    : await tx.reviewReply.create({ data: { ...data, reviewId: review.id, createdAt: who.now } });
  await bumpVersion(tx, review.id);
  if (status === 'QUEUED')
    await enqueueJob(tx, sendReplyTask, { payload: { replyId: reply.id }, jobKey: `${sendReplyTask}:${reply.id}`, maxAttempts: maxSendAttempts + 1 });
  return { reviewId: review.id, replyId: reply.id };
}

/** Whether the review has a reply sent or on its way. */
const answered = (tx: Tx, reviewId: string) => tx.reviewReply.findFirst({ where: { reviewId, status: { in: ['QUEUED', 'SENT'] } }, select: { id: true } });

/**
 * Thanks one good review (rating ≥ 4) with a template, sent: a review already answered (a reply
 * sent or queued) is left as it is — thanking twice sends nothing twice.
 */
export async function thankReview(tx: Tx, params: { reviewId: string; templateId: string }, who: Who & { userId: string | null }, at: (string | number)[]) {
  const review = await lockReview(tx, params.reviewId, [...at, 'reviewId']);
  if (review.rating < goodRatingMin)
    throw new DomainError(userError('INVALID_RATING', `Only reviews rated ${goodRatingMin} or 5 are thanked in a batch`, [...at, 'reviewId']));
  const done = await answered(tx, review.id);
  if (done) return { reviewId: review.id, replyId: done.id, outcome: 'ALREADY_ANSWERED' as const };
  const { replyId } = await replyToReview(tx, { reviewId: review.id, templateId: params.templateId, mode: 'SEND' }, who, at);
  return { reviewId: review.id, replyId, outcome: 'QUEUED' as const };
}

/**
 * The send job's work for one queued reply: the channel's answer makes it SENT (the review
 * ANSWERED, `review.replied`) or FAILED with the channel's reason; a failure worth retrying throws
 * (the job tries again) until `maxSendAttempts`, then the reply is FAILED. An attempt that may have
 * reached the channel leaves the reply `maybeDelivered`: the next one asks the port to look for it
 * on the channel first, so a lost answer does not post the reply twice.
 */
export async function sendQueuedReply(db: Db, replyId: string, now: Date): Promise<'SENT' | 'FAILED' | 'SKIPPED'> {
  const reply = await db.reviewReply.findUnique({ where: { id: replyId }, include: { review: { select: { id: true, channel: true, externalId: true } } } });
  if (!reply || reply.status !== 'QUEUED') return 'SKIPPED';
  const fail = async (reason: string) => {
    await db.$transaction(async (tx) => {
      await tx.reviewReply.update({ where: { id: reply.id }, data: { status: 'FAILED', failureReason: reason.slice(0, 500) } });
      await bumpVersion(tx, reply.reviewId);
    });
    return 'FAILED' as const;
  };
  if (reply.attempts >= maxSendAttempts) return fail(`Gave up after ${maxSendAttempts} attempts: the channel did not answer`);
  // Marked before the call: a crash while waiting for the channel leaves it marked.
  await db.reviewReply.update({ where: { id: reply.id }, data: { attempts: { increment: 1 }, maybeDelivered: true } });
  const port = await replyChannelFor(db, reply.review.channel);
  if (!port.channel) return fail(port.reason);
  const channel = port.channel;
  const result = await channel
    .send(db, { replyId: reply.id, reviewExternalId: reply.review.externalId, text: reply.body, maybeDelivered: reply.maybeDelivered })
    .catch(async (error: unknown) => {
      if (!reply.maybeDelivered && channel.notDelivered(error)) await db.reviewReply.update({ where: { id: reply.id }, data: { maybeDelivered: false } });
      throw error;
    });
  if (!result.ok) return fail(result.reason);
  await db.$transaction(async (tx) => {
    await tx.reviewReply.update({ where: { id: reply.id }, data: { status: 'SENT', sentAt: now, externalId: result.externalId, failureReason: null } });
    await bumpVersion(tx, reply.reviewId, { status: 'ANSWERED' });
    await recordOutboxEvent(tx, {
      type: 'review.replied',
      aggregateType: 'Review',
      aggregateId: reply.reviewId,
      payload: {
        reviewId: reply.reviewId,
        channel: reply.review.channel,
        externalId: reply.review.externalId,
        replyId: reply.id,
        replyExternalId: result.externalId,
        sentAt: now.toISOString(),
      },
    });
  });
  return 'SENT';
}

// ─── Follow-up of negative reviews ──────────────────────────────────────────────────────────────

export interface FollowUpInput {
  reviewId: string;
  status?: ReviewFollowUpStatus | null;
  cause?: ReviewCause | null;
  exceptionId?: string | null;
  returnId?: string | null;
  note?: string | null;
}

async function lockFollowUp(tx: Tx, reviewId: string) {
  const review = await lockReview(tx, reviewId, ['input', 'reviewId']);
  const followUp = await tx.reviewFollowUp.findUnique({ where: { reviewId: review.id } });
  if (!followUp) throw new DomainError(userError('NOT_NEGATIVE_REVIEW', `Only reviews rated ${negativeRatingMax} or lower have a follow-up`, ['input', 'reviewId']));
  return { review, followUp };
}

/** Sets the follow-up's status, cause, note and links; an exception or return must be of the review's order. */
export async function updateFollowUp(tx: Tx, input: FollowUpInput, who: Who) {
  const { review, followUp } = await lockFollowUp(tx, input.reviewId);
  const errors: UserErrorShape[] = [];
  if ((input.note?.length ?? 0) > reviewLimits.body)
    errors.push(userError('INVALID_INPUT', `The note is longer than ${reviewLimits.body} characters`, ['input', 'note']));
  for (const [field, id, find] of [
    ['exceptionId', input.exceptionId, (id: string) => tx.exceptionCase.findUnique({ where: { id }, select: { orderId: true } })],
    ['returnId', input.returnId, (id: string) => tx.return.findUnique({ where: { id }, select: { orderId: true } })],
  ] as const) {
    if (!id) continue;
    const row = isUuid(id) ? await find(id) : null;
    if (!row) errors.push(userError('NOT_FOUND', field === 'exceptionId' ? 'No such exception' : 'No such return', ['input', field]));
    else if (row.orderId !== review.orderId) errors.push(userError('INVALID_INPUT', "It is not about this review's order", ['input', field]));
  }
  if (errors.length) throw new DomainError(errors);
  const status = input.status ?? followUp.status;
  await tx.reviewFollowUp.update({
    where: { id: followUp.id },
    data: {
      status,
      ...(input.cause !== undefined ? { cause: input.cause } : {}),
      ...(input.exceptionId !== undefined ? { exceptionId: input.exceptionId } : {}),
      ...(input.returnId !== undefined ? { returnId: input.returnId } : {}),
      ...(input.note != null ? { note: input.note.trim() } : {}),
      resolvedAt: status === 'RESOLVED' ? (followUp.resolvedAt ?? who.now) : null,
    },
  });
  await bumpVersion(tx, review.id);
  return { reviewId: review.id };
}

/**
 * Writes to the buyer of a negative review's order (notifier template REVIEW_FOLLOW_UP, in the
 * buyer's language; NOTIFICATION_QUEUED on the order's timeline): the follow-up is CONTACTED.
 */
export async function contactReviewBuyer(tx: Tx, reviewId: string, who: Who) {
  const { review, followUp } = await lockFollowUp(tx, reviewId);
  if (!review.orderId)
    throw new DomainError(userError('INVALID_INPUT', 'The order of this review is not known: the buyer can only be answered on the channel', ['input', 'reviewId']));
  const { eventId } = await queueBuyerNotice(tx, { orderId: review.orderId, template: 'REVIEW_FOLLOW_UP', actor: who.actor, note: { reviewId: review.id } });
  await tx.reviewFollowUp.update({
    where: { id: followUp.id },
    data: { status: followUp.status === 'RESOLVED' ? 'RESOLVED' : 'CONTACTED', contactedAt: who.now, notificationId: eventId },
  });
  await bumpVersion(tx, review.id);
  return { reviewId: review.id, notificationId: eventId };
}
