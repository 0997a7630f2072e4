// Reviews over GraphQL: the inbox (reviews connection), importReviews / createReview, replies
// (replyToReview, thankReviews, templates), the follow-up of negative reviews, and Product.feedback.
import { ReviewCause, ReviewFollowUpStatus, ReviewReplyStatus, ReviewStatus } from '@orderly/schema';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { binaryDocument } from '../../core/document.ts';
import { DocumentRef, documentCost } from '../common/document.ts';
import { type PayloadShape, idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { maskName } from '../customers/masking.ts';
import { piiField } from '../customers/pii.ts';
import { uploadFingerprint } from '../exceptions/evidence.service.ts';
import { ReturnReasonEnum } from '../returns/returns.graphql.ts';
import { BatchLoader, perRequest } from './batch-loader.ts';
import { productFeedback, type ProductFeedback } from './feedback.service.ts';
import { replyChannelFor } from './reply-channel.ts';
import {
  contactReviewBuyer,
  createReplyTemplate,
  createReview,
  deleteReplyTemplate,
  goodRatingMin,
  readReviewPhoto,
  type RecordedReview,
  recordReview,
  replyLocales,
  replyToReview,
  reviewLimits,
  thankReview,
  updateFollowUp,
  updateReplyTemplate,
} from './reviews.service.ts';

/** At most this many rows in one importReviews call. */
const maxImportRows = 100;

const ReviewStatusEnum = builder.enumType(ReviewStatus, { name: 'ReviewStatus' });
const ReviewReplyStatusEnum = builder.enumType(ReviewReplyStatus, {
  name: 'ReviewReplyStatus',
  description: 'DRAFT: kept, not sent. QUEUED: the send job will send it. SENT: the channel took it. FAILED: the channel refused it (failureReason).',
});
const ReviewFollowUpStatusEnum = builder.enumType(ReviewFollowUpStatus, { name: 'ReviewFollowUpStatus' });
const ReviewCauseEnum = builder.enumType(ReviewCause, { name: 'ReviewCause', description: 'Why a buyer was disappointed, as staff found it.' });
const ReplyLocaleEnum = builder.enumType('ReplyLocale', { values: { ru: { value: 'ru' }, zh_CN: { value: 'zh-CN' }, en: { value: 'en' } } as const });

/** Per request: can a channel receive replies (few distinct channels, asked once each). */
const channelLookups = perRequest(
  (ctx: Context) =>
    new BatchLoader(
      (channels: readonly string[]) => lookupChannels(ctx, channels),
      (): { reason: string | null; maxLength: number } => ({ reason: null, maxLength: reviewLimits.reply }),
    ),
);
async function lookupChannels(ctx: Context, channels: readonly string[]) {
  const entries = await Promise.all(
    channels.map(async (channel) => {
      const port = await replyChannelFor(ctx.db, channel);
      return [channel, { reason: port.reason, maxLength: port.channel?.maxLength ?? reviewLimits.reply }] as const;
    }),
  );
  return new Map(entries);
}

const photoFileSelect = { filePath: true, fileName: true, contentType: true } as const;
const photoDocument = async (photo: { filePath: string; fileName: string; contentType: string }) => {
  const file = await readReviewPhoto(photo);
  return file && binaryDocument(file.filename, file.contentType, file.bytes);
};

export const ReviewPhoto = builder.prismaObject('ReviewPhoto', {
  authScopes: { permission: 'reviews:read' },
  description: 'A photo uploaded with a review typed in by staff.',
  fields: (t) => ({
    id: t.id({ description: 'For reviewPhotoFile.', resolve: (p) => encodeGlobalID('ReviewPhoto', p.id) }),
    fileName: t.exposeString('fileName'),
    contentType: t.exposeString('contentType'),
    byteSize: t.exposeInt('byteSize'),
    file: t.field({ type: DocumentRef, nullable: true, complexity: documentCost, resolve: (p) => photoDocument(p) }),
  }),
});

export const ReviewReply = builder.prismaNode('ReviewReply', {
  id: { field: 'id' },
  nullable: true,
  authScopes: { permission: 'reviews:read' },
  description: 'A reply to a review: a draft, or sent (or being sent) to the channel.',
  fields: (t) => ({
    text: t.exposeString('body'),
    status: t.expose('status', { type: ReviewReplyStatusEnum }),
    failureReason: t.exposeString('failureReason', { nullable: true, description: 'FAILED: why the channel refused it.' }),
    externalId: t.exposeString('externalId', { nullable: true, description: "The channel's id of the reply." }),
    actor: t.exposeString('actor', { description: 'user:<id> or apikey:<id>.' }),
    sentAt: t.expose('sentAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const ReviewFollowUp = builder.prismaObject('ReviewFollowUp', {
  authScopes: { permission: 'reviews:read' },
  description: 'What is done about a negative review (rating ≤ 3).',
  fields: (t) => ({
    status: t.expose('status', { type: ReviewFollowUpStatusEnum }),
    cause: t.expose('cause', { type: ReviewCauseEnum, nullable: true }),
    note: t.exposeString('note'),
    exception: t.relation('exception', { nullable: true, description: "The order's delivery exception it is about." }),
    return: t.relation('return', { nullable: true, description: "The order's return it is about." }),
    contactedAt: t.expose('contactedAt', { type: 'DateTime', nullable: true, description: 'When the buyer was last written to (contactReviewBuyer).' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
  }),
});

export const Review = builder.prismaNode('Review', {
  id: { field: 'id' },
  nullable: true,
  authScopes: { permission: 'reviews:read' },
  description: 'A buyer review of a product, from a channel or typed in by staff.',
  fields: (t) => ({
    channel: t.exposeString('channel', { description: '`manual` for reviews typed in by staff.' }),
    externalId: t.exposeString('externalId', { description: "The channel's id of the review (unique per channel)." }),
    rating: t.exposeInt('rating', { description: '1 to 5.' }),
    text: t.exposeString('body'),
    buyerName: t.string({
      nullable: true,
      description: "The buyer's name as the channel shows it; masked without customers:read_pii.",
      resolve: (r, _args, ctx) => piiField(ctx, { type: 'Review', id: r.id }, 'authorName', r.authorName, maskName),
    }),
    status: t.expose('status', { type: ReviewStatusEnum, description: 'ANSWERED once a reply was sent.' }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When Orderly recorded it.' }),
    editedAt: t.expose('editedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When a re-import brought the buyer’s edit (rating, text or photo links); null if never edited.',
    }),
    previousRating: t.exposeInt('previousRating', { nullable: true, description: 'The rating before the latest edit; null if never edited.' }),
    photoUrls: t.exposeStringList('photoUrls', { description: 'Pictures the channel hosts.' }),
    photos: t.relation('photos', { query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }, description: 'Photos uploaded to Orderly.' }),
    product: t.relation('product', { nullable: true }),
    order: t.relation('order', { nullable: true, description: 'The order it is about, when known.' }),
    replies: t.relation('replies', { query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }, description: 'Drafts and replies, oldest first.' }),
    answered: t.boolean({
      description: 'A reply was sent or is being sent.',
      select: { replies: { where: { status: { in: ['QUEUED', 'SENT'] } }, select: { id: true }, take: 1 } },
      resolve: (r) => r.replies.length > 0,
    }),
    canReply: t.boolean({
      description: 'Replies can be sent to its channel (a connector serves it); see cannotReplyReason.',
      resolve: async (r, _args, ctx) => (await channelLookups(ctx).load(r.channel)).reason === null,
    }),
    cannotReplyReason: t.string({ nullable: true, resolve: async (r, _args, ctx) => (await channelLookups(ctx).load(r.channel)).reason }),
    replyMaxLength: t.int({
      description: 'The longest reply (drafts too) in characters: the channel’s limit (Ozon: 1000), else 5000. Longer replies are refused with REPLY_TOO_LONG.',
      resolve: async (r, _args, ctx) => (await channelLookups(ctx).load(r.channel)).maxLength,
    }),
    followUp: t.relation('followUp', { nullable: true, description: 'Negative reviews (rating ≤ 3) only.' }),
  }),
});

export const ReviewReplyTemplate = builder.prismaNode('ReviewReplyTemplate', {
  id: { field: 'id' },
  nullable: true,
  authScopes: { permission: 'reviews:read' },
  description: 'A reply text in one language with placeholders {buyerFirstName} and {productName}.',
  fields: (t) => ({
    name: t.exposeString('name'),
    locale: t.field({ type: ReplyLocaleEnum, resolve: (x) => x.locale as (typeof replyLocales)[number] }),
    text: t.exposeString('body'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

// ─── Product.feedback ───────────────────────────────────────────────────────────────────────────

const feedbackLoader = perRequest(
  (ctx: Context) =>
    new BatchLoader(
      (ids: readonly string[]) => productFeedback(ctx.db, ids),
      (productId): ProductFeedback => ({ productId, averageRating: null, reviewCount: 0, latestNegativeReviewIds: [], returnReasons: [], causes: [] }),
    ),
);
/** The latest negative reviews of every product on the page, one statement. */
const negativeReviewLoader = perRequest(
  (ctx: Context) =>
    new BatchLoader(
      async (ids: readonly string[]) => new Map((await ctx.db.review.findMany({ where: { id: { in: [...ids] } } })).map((r) => [r.id, r])),
      () => null,
    ),
);

const ReturnReasonCount = builder.objectRef<ProductFeedback['returnReasons'][number]>('ProductReturnReason').implement({
  fields: (t) => ({
    reason: t.field({ type: ReturnReasonEnum, resolve: (r) => r.reason }),
    returns: t.exposeInt('returns'),
    units: t.exposeInt('units'),
  }),
});
const CauseCount = builder.objectRef<ProductFeedback['causes'][number]>('ProductReviewCause').implement({
  fields: (t) => ({ cause: t.field({ type: ReviewCauseEnum, resolve: (c) => c.cause }), count: t.exposeInt('count') }),
});

const ProductFeedbackRef = builder.objectRef<ProductFeedback>('ProductFeedback').implement({
  authScopes: { permission: 'reviews:read' },
  description: 'Why a listing disappoints: its rating, latest negative reviews, return reasons and the causes staff found.',
  fields: (t) => ({
    averageRating: t.float({ nullable: true, description: 'null: no review yet.', resolve: (f) => f.averageRating }),
    reviewCount: t.exposeInt('reviewCount'),
    latestNegativeReviews: t.field({
      type: [Review],
      description: 'The latest reviews rated 3 or lower (at most 3), newest first.',
      resolve: async (f, _args, ctx) => {
        const rows = await Promise.all(f.latestNegativeReviewIds.map((id) => negativeReviewLoader(ctx).load(id)));
        return rows.filter((r) => r !== null);
      },
    }),
    returnReasons: t.field({
      type: [ReturnReasonCount],
      description: 'Why its units were returned (all returns), most units first: counts only, so whoever reads reviews reads them.',
      resolve: (f) => f.returnReasons,
    }),
    causes: t.field({ type: [CauseCount], description: 'Causes staff gave negative reviews, most frequent first.', resolve: (f) => f.causes }),
  }),
});

builder.prismaObjectFields('Product', (t) => ({
  feedback: t.field({
    type: ProductFeedbackRef,
    nullable: true,
    authScopes: { permission: 'reviews:read' },
    description: 'Reviews and returns of this product, next to its content.',
    select: { id: true },
    resolve: (p, _args, ctx) => feedbackLoader(ctx).load(p.id),
  }),
}));

// ─── Queries ────────────────────────────────────────────────────────────────────────────────────

const ReviewFilter = builder.inputType('ReviewFilter', {
  fields: (t) => ({
    unanswered: t.boolean({ required: false, description: 'true: no reply sent or being sent; false: answered ones.' }),
    minRating: t.int({ required: false, validate: z.number().int().min(1).max(5) }),
    maxRating: t.int({ required: false, validate: z.number().int().min(1).max(5) }),
    ratings: t.intList({ required: false, description: 'Any of these ratings.', validate: z.array(z.number().int().min(1).max(5)).max(5) }),
    productId: t.globalID({ required: false }),
    channel: t.string({ required: false, validate: z.string().max(reviewLimits.channel) }),
    publishedFrom: t.field({ type: 'DateTime', required: false }),
    publishedTo: t.field({ type: 'DateTime', required: false, description: 'Exclusive.' }),
    followUpStatus: t.field({ type: [ReviewFollowUpStatusEnum], required: false, description: 'Negative reviews whose follow-up has one of these statuses.' }),
  }),
});

builder.queryFields((t) => ({
  reviews: t.prismaConnection({
    type: Review,
    cursor: 'id',
    authScopes: { permission: 'reviews:read' },
    description: 'The reviews inbox, newest first.',
    args: { filter: t.arg({ type: ReviewFilter, required: false }) },
    resolve: (query, _root, args, ctx) => {
      const f = args.filter ?? {};
      return ctx.db.review.findMany({
        ...query,
        where: {
          AND: [
            f.unanswered == null ? {} : { replies: f.unanswered ? { none: { status: { in: ['QUEUED', 'SENT'] } } } : { some: { status: { in: ['QUEUED', 'SENT'] } } } },
            f.minRating != null || f.maxRating != null ? { rating: { gte: f.minRating ?? 1, lte: f.maxRating ?? 5 } } : {},
            f.ratings?.length ? { rating: { in: f.ratings } } : {},
            f.productId ? { productId: f.productId.typename === 'Product' ? f.productId.id : '00000000-0000-0000-0000-000000000000' } : {},
            f.channel ? { channel: f.channel } : {},
            f.publishedFrom || f.publishedTo
              ? { publishedAt: { ...(f.publishedFrom ? { gte: f.publishedFrom } : {}), ...(f.publishedTo ? { lt: f.publishedTo } : {}) } }
              : {},
            f.followUpStatus?.length ? { followUp: { status: { in: f.followUpStatus } } } : {},
          ],
        },
        orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      });
    },
  }),
  reviewReplyTemplates: t.prismaField({
    type: [ReviewReplyTemplate],
    authScopes: { permission: 'reviews:read' },
    description: 'Reply templates by name and language.',
    args: { locale: t.arg({ type: ReplyLocaleEnum, required: false }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.reviewReplyTemplate.findMany({ ...query, where: args.locale ? { locale: args.locale } : {}, orderBy: [{ name: 'asc' }, { locale: 'asc' }] }),
  }),
  reviewPhotoFile: t.field({
    type: DocumentRef,
    nullable: true,
    authScopes: { permission: 'reviews:read' },
    complexity: documentCost,
    description: 'The image of one review photo (ReviewPhoto.id); null for an unknown id.',
    args: { id: t.arg.globalID() },
    resolve: async (_root, args, ctx) => {
      if (args.id.typename !== 'ReviewPhoto') return null;
      const photo = await ctx.db.reviewPhoto.findUnique({ where: { id: args.id.id }, select: photoFileSelect }).catch(() => null);
      return photo && photoDocument(photo);
    },
  }),
}));

// ─── Mutations ──────────────────────────────────────────────────────────────────────────────────

const ImportReviewInput = builder.inputType('ImportReviewInput', {
  description: 'A review as a channel reports it. The product by id or SKU, the order by id or by its id on the same channel (externalId), when known.',
  fields: (t) => ({
    channel: t.string({ description: 'The channel code (`ozon`, your shop’s code…).' }),
    externalId: t.string({ description: "The channel's id of the review: importing it again changes nothing." }),
    productId: t.globalID({ required: false }),
    productSku: t.string({ required: false }),
    orderId: t.globalID({ required: false }),
    orderExternalId: t.string({ required: false }),
    rating: t.int({ description: '1 to 5.' }),
    text: t.string({ required: false }),
    buyerName: t.string({ required: false, description: 'As the channel shows it (stored as buyer data: masked for callers without customers:read_pii).' }),
    publishedAt: t.field({ type: 'DateTime', required: false, description: 'Now when omitted.' }),
    photoUrls: t.stringList({ required: false, description: `Pictures the channel hosts (http/https), at most ${reviewLimits.photoUrls}.` }),
  }),
});

const CreateReviewInput = builder.inputType('CreateReviewInput', {
  description: 'A review typed in by staff (a buyer wrote by mail or phone).',
  fields: (t) => ({
    productId: t.globalID({ required: false }),
    orderId: t.globalID({ required: false }),
    rating: t.int({ description: '1 to 5.' }),
    text: t.string({ required: false }),
    buyerName: t.string({ required: false }),
    publishedAt: t.field({ type: 'DateTime', required: false }),
    photos: t.field({ type: ['File'], required: false, description: `At most ${reviewLimits.photos} JPEG, PNG or WebP photos (GraphQL multipart request).` }),
  }),
});

const globalIdOf = (value: { typename: string; id: string } | null | undefined, typename: string) =>
  value ? (value.typename === typename ? value.id : 'not-a-' + typename.toLowerCase()) : null;

const ReviewOutcome = builder.enumType('ReviewRecordOutcome', {
  values: {
    CREATED: { description: 'A new review.' },
    UNCHANGED: { description: 'Already recorded (same channel and external id): nothing written.' },
    UPDATED: { description: 'Already recorded, and the buyer edited it (rating, text or photo links changed): updated, announced as review.updated.' },
  } as const,
});

const ReviewPayload = payloadType<RecordedReview>('ReviewPayload', {
  fields: (t) => ({
    outcome: t.field({ type: ReviewOutcome, nullable: true, resolve: (p) => p.outcome ?? null }),
    review: t.prismaField({
      type: Review,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.reviewId ? ctx.db.review.findUnique({ ...query, where: { id: p.reviewId } }) : null),
    }),
  }),
});

type ImportRow = PayloadShape<RecordedReview, { index: number; externalId: string }>;
const ImportReviewResult = payloadType<RecordedReview, { index: number; externalId: string }>('ImportReviewResult', {
  description: 'The outcome for one row of importReviews.',
  fields: (t) => ({
    index: t.exposeInt('index'),
    externalId: t.exposeString('externalId'),
    outcome: t.field({ type: ReviewOutcome, nullable: true, resolve: (p) => p.outcome ?? null }),
    review: t.prismaField({
      type: Review,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.reviewId ? ctx.db.review.findUnique({ ...query, where: { id: p.reviewId } }) : null),
    }),
  }),
});
const ImportReviewsPayload = builder.objectRef<{ results: ImportRow[] }>('ImportReviewsPayload').implement({
  fields: (t) => ({
    results: t.field({ type: [ImportReviewResult], resolve: (p) => p.results }),
    createdCount: t.int({ resolve: (p) => p.results.filter((r) => r.outcome === 'CREATED').length }),
    unchangedCount: t.int({ resolve: (p) => p.results.filter((r) => r.outcome === 'UNCHANGED').length }),
    updatedCount: t.int({ resolve: (p) => p.results.filter((r) => r.outcome === 'UPDATED').length }),
    failedCount: t.int({ resolve: (p) => p.results.filter((r) => r.userErrors.length > 0).length }),
  }),
});

const ReplyModeEnum = builder.enumType('ReviewReplyMode', {
  values: { DRAFT: { description: 'Keep it as the review’s draft.' }, SEND: { description: 'Send it to the channel (in the background).' } } as const,
});

const ReplyToReviewInput = builder.inputType('ReplyToReviewInput', {
  fields: (t) => ({
    reviewId: t.globalID({ for: Review }),
    text: t.string({ required: false, description: 'The reply; or give templateId.' }),
    templateId: t.globalID({ required: false, description: 'A template, filled in for this review.' }),
    mode: t.field({ type: ReplyModeEnum }),
  }),
});

const ReplyPayload = payloadType<{ reviewId: string; replyId: string }>('ReplyToReviewPayload', {
  fields: (t) => ({
    reply: t.prismaField({
      type: ReviewReply,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.replyId ? ctx.db.reviewReply.findUnique({ ...query, where: { id: p.replyId } }) : null),
    }),
    review: t.prismaField({
      type: Review,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.reviewId ? ctx.db.review.findUnique({ ...query, where: { id: p.reviewId } }) : null),
    }),
  }),
});

const ThankOutcome = builder.enumType('ThankReviewOutcome', {
  values: { QUEUED: { description: 'The thanks is on its way.' }, ALREADY_ANSWERED: { description: 'It had a reply already: nothing sent.' } } as const,
});
type ThankRow = PayloadShape<{ replyId: string; outcome: 'QUEUED' | 'ALREADY_ANSWERED' }, { index: number; reviewId: string }>;
const ThankReviewResult = payloadType<{ replyId: string; outcome: 'QUEUED' | 'ALREADY_ANSWERED' }, { index: number; reviewId: string }>('ThankReviewResult', {
  fields: (t) => ({
    index: t.exposeInt('index'),
    outcome: t.field({ type: ThankOutcome, nullable: true, resolve: (p) => p.outcome ?? null }),
    reply: t.prismaField({
      type: ReviewReply,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.replyId ? ctx.db.reviewReply.findUnique({ ...query, where: { id: p.replyId } }) : null),
    }),
  }),
});
const ThankReviewsPayload = builder.objectRef<{ results: ThankRow[] }>('ThankReviewsPayload').implement({
  fields: (t) => ({
    results: t.field({ type: [ThankReviewResult], resolve: (p) => p.results }),
    queuedCount: t.int({ resolve: (p) => p.results.filter((r) => r.outcome === 'QUEUED').length }),
    failedCount: t.int({ resolve: (p) => p.results.filter((r) => r.userErrors.length > 0).length }),
  }),
});

const TemplateInput = builder.inputType('ReviewReplyTemplateInput', {
  fields: (t) => ({
    name: t.string({ required: false, description: 'Required to create.' }),
    locale: t.field({ type: ReplyLocaleEnum, required: false, description: 'Required to create.' }),
    text: t.string({ required: false, description: 'Required to create. Placeholders: {buyerFirstName}, {productName}.' }),
  }),
});
const TemplatePayload = payloadType<{ templateId: string }>('ReviewReplyTemplatePayload', {
  fields: (t) => ({
    template: t.prismaField({
      type: ReviewReplyTemplate,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.templateId ? ctx.db.reviewReplyTemplate.findUnique({ ...query, where: { id: p.templateId } }) : null),
    }),
  }),
});
const DeleteTemplatePayload = payloadType<{ templateId: string }>('DeleteReviewReplyTemplatePayload', {
  fields: (t) => ({
    deletedTemplateId: t.id({ nullable: true, resolve: (p) => (p.templateId ? encodeGlobalID('ReviewReplyTemplate', p.templateId) : null) }),
  }),
});

const FollowUpInput = builder.inputType('UpdateReviewFollowUpInput', {
  description: 'Only the fields given change; null clears a link or the cause.',
  fields: (t) => ({
    reviewId: t.globalID({ for: Review }),
    status: t.field({ type: ReviewFollowUpStatusEnum, required: false }),
    cause: t.field({ type: ReviewCauseEnum, required: false }),
    exceptionId: t.globalID({ required: false, description: "A delivery exception of the review's order." }),
    returnId: t.globalID({ required: false, description: "A return of the review's order." }),
    note: t.string({ required: false }),
  }),
});
const FollowUpPayload = payloadType<{ reviewId: string; notificationId?: string }>('ReviewFollowUpPayload', {
  fields: (t) => ({
    review: t.prismaField({
      type: Review,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.reviewId ? ctx.db.review.findUnique({ ...query, where: { id: p.reviewId } }) : null),
    }),
  }),
});

const who = (ctx: Context, actor: string) => ({ actor, now: ctx.now, userId: ctx.viewer?.userId ?? null });

builder.mutationFields((t) => ({
  importReviews: t.field({
    authScopes: { permission: 'reviews:write' },
    type: ImportReviewsPayload,
    description: `Record up to ${maxImportRows} reviews from a channel. Each row stands alone (a bad row does not stop the others); a review already recorded (same channel and external id) is UNCHANGED, or UPDATED when its rating, text or photo links changed (the buyer edited it; announced as review.updated). A new one is announced as review.created.`,
    args: {
      reviews: t.arg({ type: [ImportReviewInput], validate: z.array(z.any()).min(1).max(maxImportRows, `At most ${maxImportRows} reviews per call`) }),
      ...idempotencyArgs,
    },
    resolve: async (_root, args, ctx) => {
      const results: ImportRow[] = [];
      for (const [index, row] of args.reviews.entries()) {
        const input = {
          ...row,
          body: row.text,
          productId: globalIdOf(row.productId, 'Product'),
          orderId: globalIdOf(row.orderId, 'Order'),
        };
        const key = args.idempotencyKey ? `${args.idempotencyKey}:${index}` : null;
        const result = await runMutation(ctx, 'importReviews', { input, idempotencyKey: key }, (tx, actor) =>
          recordReview(tx, input, who(ctx, actor), ['reviews', index]),
        );
        results.push({ index, externalId: row.externalId, ...result });
      }
      return { results };
    },
  }),

  createReview: t.field({
    authScopes: { permission: 'reviews:write' },
    type: ReviewPayload,
    description: 'Record a review typed in by staff (channel `manual`: replies cannot be sent to it). Photos as a GraphQL multipart request.',
    args: { input: t.arg({ type: CreateReviewInput }), ...idempotencyArgs },
    resolve: async (_root, args, ctx) => {
      const photos = await Promise.all((args.input.photos ?? []).map(async (f) => ({ bytes: new Uint8Array(await f.arrayBuffer()), name: f.name })));
      const input = {
        channel: 'manual',
        rating: args.input.rating,
        body: args.input.text,
        buyerName: args.input.buyerName,
        publishedAt: args.input.publishedAt,
        productId: globalIdOf(args.input.productId, 'Product'),
        orderId: globalIdOf(args.input.orderId, 'Order'),
      };
      return runMutation(ctx, 'createReview', { idempotencyKey: args.idempotencyKey, input: { ...input, photos: photos.map(uploadFingerprint) } }, (tx, actor) =>
        createReview(tx, { ...input, photos }, who(ctx, actor)),
      );
    },
  }),

  replyToReview: t.field({
    authScopes: { permission: 'reviews:write' },
    type: ReplyPayload,
    description:
      'Write a reply (text, or a template filled in for the review): keep it as the draft, or SEND it — queued and sent to the channel in the background (status QUEUED → SENT or FAILED). A text over the channel’s limit (REPLY_TOO_LONG) or a channel that cannot receive replies (REVIEW_CANNOT_REPLY): nothing written.',
    args: { input: t.arg({ type: ReplyToReviewInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => {
      const input = {
        reviewId: args.input.reviewId.id,
        text: args.input.text,
        templateId: globalIdOf(args.input.templateId, 'ReviewReplyTemplate'),
        mode: args.input.mode,
      };
      return runMutation(ctx, 'replyToReview', { idempotencyKey: args.idempotencyKey, input }, (tx, actor) => replyToReview(tx, input, who(ctx, actor)));
    },
  }),

  thankReviews: t.field({
    authScopes: { permission: 'reviews:write' },
    type: ThankReviewsPayload,
    description: `Send one template to up to ${reviewLimits.thankBatch} good reviews (rated ${goodRatingMin} or 5), each filled in for its review. A review already answered is left alone (ALREADY_ANSWERED), so repeating the call sends nothing twice.`,
    args: {
      reviewIds: t.arg.globalIDList({ for: Review, validate: z.array(z.any()).min(1).max(reviewLimits.thankBatch) }),
      templateId: t.arg.globalID({ for: ReviewReplyTemplate }),
      ...idempotencyArgs,
    },
    resolve: async (_root, args, ctx) => {
      const results: ThankRow[] = [];
      for (const [index, id] of args.reviewIds.entries()) {
        const params = { reviewId: id.id, templateId: args.templateId.id };
        const key = args.idempotencyKey ? `${args.idempotencyKey}:${index}` : null;
        const result = await runMutation(ctx, 'thankReviews', { input: params, idempotencyKey: key }, (tx, actor) =>
          thankReview(tx, params, who(ctx, actor), ['reviewIds', index]),
        );
        results.push({ index, ...result, reviewId: id.id });
      }
      return { results };
    },
  }),

  createReviewReplyTemplate: t.field({
    authScopes: { permission: 'reviews:write' },
    type: TemplatePayload,
    args: { input: t.arg({ type: TemplateInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => {
      const input = { name: args.input.name, locale: args.input.locale, body: args.input.text };
      return runMutation(ctx, 'createReviewReplyTemplate', { ...args }, (tx) => createReplyTemplate(tx, input));
    },
  }),
  updateReviewReplyTemplate: t.field({
    authScopes: { permission: 'reviews:write' },
    type: TemplatePayload,
    args: { id: t.arg.globalID({ for: ReviewReplyTemplate }), input: t.arg({ type: TemplateInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => {
      const input = { name: args.input.name, locale: args.input.locale, body: args.input.text };
      return runMutation(ctx, 'updateReviewReplyTemplate', { ...args, id: args.id.id }, (tx) => updateReplyTemplate(tx, args.id.id, input));
    },
  }),
  deleteReviewReplyTemplate: t.field({
    authScopes: { permission: 'reviews:write' },
    type: DeleteTemplatePayload,
    description: 'Replies written from it keep their text.',
    args: { id: t.arg.globalID({ for: ReviewReplyTemplate }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'deleteReviewReplyTemplate', { ...args, id: args.id.id }, (tx) => deleteReplyTemplate(tx, args.id.id)),
  }),

  updateReviewFollowUp: t.field({
    authScopes: { permission: 'reviews:write' },
    type: FollowUpPayload,
    description: "The follow-up of a negative review: its status, cause (feeds Product.feedback), the order's exception or return it is about, a note.",
    args: { input: t.arg({ type: FollowUpInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => {
      const i = args.input;
      const input = {
        reviewId: i.reviewId.id,
        status: i.status,
        cause: i.cause,
        note: i.note,
        ...(i.exceptionId !== undefined ? { exceptionId: globalIdOf(i.exceptionId, 'DeliveryException') } : {}),
        ...(i.returnId !== undefined ? { returnId: globalIdOf(i.returnId, 'Return') } : {}),
      };
      return runMutation(ctx, 'updateReviewFollowUp', { idempotencyKey: args.idempotencyKey, input }, (tx, actor) => updateFollowUp(tx, input, who(ctx, actor)));
    },
  }),

  contactReviewBuyer: t.field({
    authScopes: { permission: 'reviews:write' },
    type: FollowUpPayload,
    description:
      "Write to the buyer of a negative review's order (the notifier's REVIEW_FOLLOW_UP message, in the buyer's language): the follow-up becomes CONTACTED. Needs the order.",
    args: { reviewId: t.arg.globalID({ for: Review }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'contactReviewBuyer', { ...args, reviewId: args.reviewId.id }, (tx, actor) => contactReviewBuyer(tx, args.reviewId.id, who(ctx, actor))),
  }),
}));
