// The catalogue's content over GraphQL: products listed with filters, their translations,
// attributes, photos, content check and revisions; createProduct, updateProduct, archiveProduct,
// restoreProduct, importProducts and addProductPhoto (products:write).
import { ProductRevisionKind } from '@orderly/schema';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder, type Types } from '../../builder.ts';
import { binaryDocument } from '../../core/document.ts';
import { DocumentRef, documentCost } from '../common/document.ts';
import { type PayloadShape, idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { maxEvidenceBytes, uploadFingerprint } from '../exceptions/evidence.service.ts';
import {
  type ContentLocale,
  contentLocales,
  createProduct,
  importProduct,
  parseContentIssue,
  type ProductChange,
  type ProductContentInput,
  productLimits,
  setProductArchived,
  updateProduct,
} from './product-content.service.ts';
import { addProductPhoto, maxProductPhotos, readProductPhoto } from './product-photos.service.ts';
import { Product } from './product.type.ts';

/** At most this many rows in one importProducts call. */
const maxImportRows = 100;

const ContentLocaleEnum = builder.enumType('ContentLocale', {
  description: 'A language of product content.',
  values: { ru: { value: 'ru' }, zh_CN: { value: 'zh-CN' }, en: { value: 'en' } } as const,
});

const contentIssueCodes = ['MISSING_TRANSLATION', 'SHORT_TITLE', 'SHORT_DESCRIPTION', 'MISSING_PHOTOS', 'MISSING_WEIGHT', 'MISSING_DIMENSIONS'] as const;
type ContentIssueCode = (typeof contentIssueCodes)[number];
const issueMessages: Record<ContentIssueCode, string> = {
  MISSING_TRANSLATION: 'No name in this language',
  SHORT_TITLE: 'The name is too short for a marketplace card (at least 10 characters, 4 in Chinese)',
  SHORT_DESCRIPTION: 'The description is too short (at least 60 characters, 20 in Chinese)',
  MISSING_PHOTOS: 'No photo',
  MISSING_WEIGHT: 'No weight: carriers and labels need it',
  MISSING_DIMENSIONS: 'No dimensions: carriers and box choice need them',
};

const ContentIssueCodeEnum = builder.enumType('ProductContentIssueCode', { values: contentIssueCodes });

const ProductContentIssue = builder.objectRef<{ code: ContentIssueCode; locale: ContentLocale | null }>('ProductContentIssue').implement({
  description: 'Something a product card lacks (Product.contentIssues).',
  fields: (t) => ({
    code: t.field({ type: ContentIssueCodeEnum, resolve: (i) => i.code }),
    locale: t.field({ type: ContentLocaleEnum, nullable: true, description: 'The language concerned (translations, titles, descriptions).', resolve: (i) => i.locale }),
    message: t.string({ resolve: (i) => issueMessages[i.code] }),
  }),
});

const ProductTranslation = builder.objectRef<{ locale: ContentLocale; name: string; description: string }>('ProductTranslation').implement({
  fields: (t) => ({
    locale: t.field({ type: ContentLocaleEnum, resolve: (x) => x.locale }),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
  }),
});

const ProductAttribute = builder.objectRef<{ key: string; value: string }>('ProductAttribute').implement({
  description: 'A card attribute: colour, size, material…',
  fields: (t) => ({ key: t.exposeString('key'), value: t.exposeString('value') }),
});

const ProductDimensions = builder.objectRef<{ lengthMm: number; widthMm: number; heightMm: number }>('ProductDimensions').implement({
  description: 'The packed product, in millimetres.',
  fields: (t) => ({ lengthMm: t.exposeInt('lengthMm'), widthMm: t.exposeInt('widthMm'), heightMm: t.exposeInt('heightMm') }),
});

const ProductFieldChange = builder.objectRef<{ field: string; before: unknown; after: unknown }>('ProductFieldChange').implement({
  description: 'One field a revision changed: "price", "translations.ru.name", "attributes.colour", "photos.<id>"…; null where it had no value.',
  fields: (t) => ({
    field: t.exposeString('field'),
    before: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.before ?? null }),
    after: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.after ?? null }),
  }),
});

const ProductRevisionKindEnum = builder.enumType(ProductRevisionKind, { name: 'ProductRevisionKind' });

export const ProductRevision = builder.prismaObject('ProductRevision', {
  authScopes: { permission: 'products:read' },
  description: 'One content change of a product: who, when, through which operation, what changed.',
  fields: (t) => ({
    number: t.exposeInt('number', { description: '1 for the creation, then one more per change.' }),
    kind: t.expose('kind', { type: ProductRevisionKindEnum }),
    changes: t.field({ type: [ProductFieldChange], resolve: (r) => r.changes as { field: string; before: unknown; after: unknown }[] }),
    actor: t.exposeString('actor', { description: 'user:<id> or apikey:<id>.' }),
    source: t.exposeString('source', { description: 'The mutation that made it (createProduct, updateProduct, importProducts…).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const photoFileSelect = { filePath: true, fileName: true, contentType: true } as const;
const photoDocument = async (photo: { filePath: string; fileName: string; contentType: string }) => {
  const file = await readProductPhoto(photo);
  return file && binaryDocument(file.filename, file.contentType, file.bytes);
};

export const ProductPhoto = builder.prismaObject('ProductPhoto', {
  authScopes: { permission: 'products:read' },
  description: 'A photo uploaded to Orderly (addProductPhoto).',
  fields: (t) => ({
    id: t.id({ description: 'For productPhotoFile.', resolve: (p) => encodeGlobalID('ProductPhoto', p.id) }),
    fileName: t.exposeString('fileName'),
    contentType: t.exposeString('contentType', { description: 'From the bytes: image/jpeg, image/png or image/webp.' }),
    byteSize: t.exposeInt('byteSize'),
    position: t.exposeInt('position'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    file: t.field({
      type: DocumentRef,
      nullable: true,
      description: 'The image (base64); one at a time: productPhotoFile.',
      complexity: documentCost,
      select: photoFileSelect,
      resolve: (p) => photoDocument(p),
    }),
  }),
});

builder.prismaObjectFields('Product', (t) => ({
  translations: t.field({
    type: [ProductTranslation],
    description: 'Name and description per language (ru, zh-CN, en).',
    select: { translations: true },
    resolve: (p) => {
      const translations = (p.translations ?? {}) as Partial<Record<ContentLocale, { name: string; description: string }>>;
      return contentLocales.flatMap((locale) => (translations[locale] ? [{ locale, ...translations[locale] }] : []));
    },
  }),
  attributes: t.field({
    type: [ProductAttribute],
    select: { attributes: true },
    resolve: (p) =>
      Object.entries((p.attributes ?? {}) as Record<string, unknown>)
        .map(([key, value]) => ({ key, value: String(value) }))
        .sort((a, b) => a.key.localeCompare(b.key)),
  }),
  dimensions: t.field({
    type: ProductDimensions,
    nullable: true,
    select: { lengthMm: true, widthMm: true, heightMm: true },
    resolve: (p) => (p.lengthMm != null && p.widthMm != null && p.heightMm != null ? { lengthMm: p.lengthMm, widthMm: p.widthMm, heightMm: p.heightMm } : null),
  }),
  archivedAt: t.expose('archivedAt', { type: 'DateTime', nullable: true, description: 'Archived products are not offered for new orders.' }),
  revision: t.exposeInt('revision', { description: 'Number of the latest revision (0: none recorded); updateProduct(expectedRevision:) checks it.' }),
  contentIssues: t.field({
    type: [ProductContentIssue],
    description: 'What the card lacks: translations (ru, zh-CN, en), long enough titles and descriptions, photos, weight, dimensions.',
    select: { contentIssues: true },
    resolve: (p) => (p.contentIssues ?? []).map(parseContentIssue) as { code: ContentIssueCode; locale: ContentLocale | null }[],
  }),
  photos: t.relation('photos', {
    nullable: true,
    description: 'Uploaded photos in order (needs products:read).',
    query: { orderBy: [{ position: 'asc' }, { id: 'asc' }] },
  }),
  revisions: t.relatedConnection('revisions', {
    cursor: 'id',
    nullable: true,
    description: 'Content changes, newest first.',
    query: { orderBy: { number: 'desc' } },
  }),
}));

// ─── Queries ────────────────────────────────────────────────────────────────────────────────────

const ProductFilter = builder.inputType('ProductFilter', {
  fields: (t) => ({
    hasContentIssues: t.boolean({ required: false, description: 'true: products whose card lacks something (contentIssues); false: complete ones.' }),
    archived: t.boolean({ required: false, description: 'false when omitted: archived products are left out unless asked for.' }),
    search: t.string({ required: false, description: 'Part of the SKU or name.', validate: z.string().max(100) }),
  }),
});

builder.queryFields((t) => ({
  products: t.prismaConnection({
    authScopes: { permission: 'products:read' },
    type: Product,
    cursor: 'id',
    description: 'The catalogue, by SKU.',
    args: { filter: t.arg({ type: ProductFilter, required: false }) },
    resolve: (query, _root, args, ctx) => {
      const f = args.filter ?? {};
      const search = f.search?.trim();
      return ctx.db.product.findMany({
        ...query,
        where: {
          archivedAt: f.archived ? { not: null } : null,
          ...(f.hasContentIssues == null ? {} : { contentIssues: { isEmpty: !f.hasContentIssues } }),
          ...(search ? { OR: [{ sku: { contains: search, mode: 'insensitive' } }, { name: { contains: search, mode: 'insensitive' } }] } : {}),
        },
        orderBy: [{ sku: 'asc' }, { id: 'asc' }],
      });
    },
  }),
  productPhotoFile: t.field({
    type: DocumentRef,
    nullable: true,
    authScopes: { permission: 'products:read' },
    complexity: documentCost,
    description: 'The image of one product photo (ProductPhoto.id); null for an unknown id.',
    args: { id: t.arg.globalID() },
    resolve: async (_root, args, ctx) => {
      if (args.id.typename !== 'ProductPhoto') return null;
      const photo = await ctx.db.productPhoto.findUnique({ where: { id: args.id.id }, select: photoFileSelect }).catch(() => null);
      return photo && photoDocument(photo);
    },
  }),
}));

// ─── Mutations ──────────────────────────────────────────────────────────────────────────────────

const ProductTranslationInput = builder.inputType('ProductTranslationInput', {
  fields: (t) => ({
    locale: t.field({ type: ContentLocaleEnum }),
    name: t.string(),
    description: t.string({ required: false }),
  }),
});
const ProductAttributeInput = builder.inputType('ProductAttributeInput', { fields: (t) => ({ key: t.string(), value: t.string() }) });
const ProductDimensionsInput = builder.inputType('ProductDimensionsInput', {
  description: 'Millimetres, each 1–10000.',
  fields: (t) => ({ lengthMm: t.int(), widthMm: t.int(), heightMm: t.int() }),
});

/** The content fields every product input shares; `required` lists the ones that input cannot omit. */
const contentFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>, required: ('sku' | 'name' | 'price' | 'currency')[]) => ({
  sku: t.string({ required: required.includes('sku'), description: 'Letters, digits and . _ - / # +; unique among SKUs and barcodes.' }),
  name: t.string({ required: required.includes('name'), description: `The name on orders and documents (at most ${productLimits.name} characters).` }),
  description: t.string({ required: false }),
  price: t.int({ required: required.includes('price'), description: 'Minor units (kopecks, fen, cents), zero or more.' }),
  currency: t.string({ required: required.includes('currency'), description: 'ISO 4217: RUB, CNY…' }),
  barcodes: t.stringList({
    required: false,
    description: `The complete list (replaces the current one), at most ${productLimits.barcodes}. Numeric EAN-8/UPC-A/EAN-13/GTIN-14 codes must have a valid check digit.`,
  }),
  translations: t.field({ type: [ProductTranslationInput], required: false, description: 'The complete list (replaces the current one), one per language.' }),
  attributes: t.field({ type: [ProductAttributeInput], required: false, description: 'The complete list (replaces the current one).' }),
  dimensions: t.field({ type: ProductDimensionsInput, required: false, description: 'null clears them.' }),
  weightGrams: t.int({ required: false, description: 'null clears it.' }),
  lowStockThreshold: t.int({ required: false }),
  imageUrls: t.stringList({ required: false, description: 'Pictures hosted elsewhere (http/https), the complete list.' }),
});

const CreateProductInput = builder.inputType('CreateProductInput', { fields: (t) => contentFields(t, ['sku', 'name', 'price', 'currency']) });
const UpdateProductInput = builder.inputType('UpdateProductInput', {
  description: 'Only the fields given change.',
  fields: (t) => contentFields(t, []),
});
const ImportProductInput = builder.inputType('ImportProductInput', {
  description: 'A product by SKU: created when the SKU is new (then name, price and currency are needed), else updated with the fields given.',
  fields: (t) => contentFields(t, ['sku']),
});

const ProductChangeOutcome = builder.enumType('ProductChangeOutcome', {
  values: {
    CREATED: { description: 'A new product.' },
    UPDATED: { description: 'Its content changed: a revision was written.' },
    UNCHANGED: { description: 'It already was like this: nothing written.' },
  } as const,
});

const productChangeFields = <T extends PayloadShape<ProductChange>>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) => ({
  outcome: t.field({ type: ProductChangeOutcome, nullable: true, resolve: (p) => p.outcome ?? null }),
  product: t.prismaField({
    type: Product,
    nullable: true,
    resolve: (query, p, _args, ctx) => (p.productId ? ctx.db.product.findUnique({ ...query, where: { id: p.productId } }) : null),
  }),
});

const ProductChangePayload = payloadType<ProductChange>('ProductChangePayload', {
  description: 'The product after the change and what happened, or userErrors saying why nothing was written.',
  fields: (t) => productChangeFields(t),
});

type ImportRow = PayloadShape<ProductChange, { index: number; sku: string }>;
const ImportProductResult = payloadType<ProductChange, { index: number; sku: string }>('ImportProductResult', {
  description: 'The outcome for one row of importProducts.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the row in the request.' }),
    sku: t.exposeString('sku', { description: 'The SKU as sent.' }),
    ...productChangeFields(t),
  }),
});

const count = (rows: ImportRow[], outcome: ProductChange['outcome']) => rows.filter((r) => r.outcome === outcome).length;
const ImportProductsPayload = builder.objectRef<{ results: ImportRow[] }>('ImportProductsPayload').implement({
  fields: (t) => ({
    results: t.field({ type: [ImportProductResult], resolve: (p) => p.results }),
    createdCount: t.int({ resolve: (p) => count(p.results, 'CREATED') }),
    updatedCount: t.int({ resolve: (p) => count(p.results, 'UPDATED') }),
    unchangedCount: t.int({ resolve: (p) => count(p.results, 'UNCHANGED') }),
    failedCount: t.int({ resolve: (p) => p.results.filter((r) => r.userErrors.length > 0).length }),
  }),
});

const AddProductPhotoInput = builder.inputType('AddProductPhotoInput', {
  fields: (t) => ({
    productId: t.globalID({ for: Product }),
    file: t.field({
      type: 'File',
      required: false,
      description: `JPEG, PNG or WebP, at most ${maxEvidenceBytes / 1024 / 1024} MB (${maxProductPhotos} photos per product). Send as a GraphQL multipart request.`,
    }),
  }),
});

/** A GraphQL content input as the service takes it. */
const contentInput = (input: Record<string, unknown>) => input as ProductContentInput;

builder.mutationFields((t) => ({
  createProduct: t.field({
    authScopes: { permission: 'products:write' },
    type: ProductChangePayload,
    description: 'Add a product to the catalogue (revision 1). A taken SKU or barcode, a wrong check digit, a negative price or size: userErrors, nothing written.',
    args: { input: t.arg({ type: CreateProductInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'createProduct', args, (tx, actor) => createProduct(tx, contentInput(args.input), { actor, source: 'createProduct', now: ctx.now })),
  }),

  updateProduct: t.field({
    authScopes: { permission: 'products:write' },
    type: ProductChangePayload,
    description: 'Change a product: the fields given replace the current ones, and a revision lists what changed (UNCHANGED when nothing did).',
    args: {
      id: t.arg.globalID({ for: Product }),
      input: t.arg({ type: UpdateProductInput }),
      expectedRevision: t.arg.int({ required: false, description: 'The revision you edited; refused with STALE_VERSION if the product changed since.' }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'updateProduct', { ...args, id: args.id.id }, (tx, actor) =>
        updateProduct(
          tx,
          { productId: args.id.id, input: contentInput(args.input), expectedRevision: args.expectedRevision },
          { actor, source: 'updateProduct', now: ctx.now },
        ),
      ),
  }),

  archiveProduct: t.field({
    authScopes: { permission: 'products:write' },
    type: ProductChangePayload,
    description: 'Stop offering a product for new orders (createOrder refuses it with PRODUCT_ARCHIVED); orders already taken keep it. restoreProduct undoes it.',
    args: { id: t.arg.globalID({ for: Product }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'archiveProduct', { ...args, id: args.id.id }, (tx, actor) =>
        setProductArchived(tx, args.id.id, true, { actor, source: 'archiveProduct', now: ctx.now }),
      ),
  }),

  restoreProduct: t.field({
    authScopes: { permission: 'products:write' },
    type: ProductChangePayload,
    description: 'Offer an archived product for new orders again.',
    args: { id: t.arg.globalID({ for: Product }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'restoreProduct', { ...args, id: args.id.id }, (tx, actor) =>
        setProductArchived(tx, args.id.id, false, { actor, source: 'restoreProduct', now: ctx.now }),
      ),
  }),

  importProducts: t.field({
    authScopes: { permission: 'products:write' },
    type: ImportProductsPayload,
    description: `Create or update up to ${maxImportRows} products by SKU (an ERP or marketplace catalogue sync). Each row stands alone: one bad row does not stop the others. Repeating a row changes nothing (UNCHANGED).`,
    args: {
      products: t.arg({ type: [ImportProductInput], validate: z.array(z.any()).min(1).max(maxImportRows, `At most ${maxImportRows} products per call`) }),
      ...idempotencyArgs,
    },
    resolve: async (_root, args, ctx) => {
      const results: ImportRow[] = [];
      for (const [index, input] of args.products.entries()) {
        const key = args.idempotencyKey ? `${args.idempotencyKey}:${index}` : null;
        const result = await runMutation(ctx, 'importProducts', { input, idempotencyKey: key }, (tx, actor) =>
          importProduct(tx, { ...contentInput(input), sku: input.sku }, { actor, source: 'importProducts', now: ctx.now }, ['products', index]),
        );
        results.push({ index, sku: input.sku, ...result });
      }
      return { results };
    },
  }),

  addProductPhoto: t.field({
    authScopes: { permission: 'products:write' },
    type: ProductChangePayload,
    description:
      'Add a photo to a product (after its others; a revision names it). Send it as a GraphQL multipart request. A wrong or oversized file: userErrors, nothing written.',
    args: { input: t.arg({ type: AddProductPhotoInput }), ...idempotencyArgs },
    resolve: async (_root, args, ctx) => {
      const upload = args.input.file;
      const file = upload ? { bytes: new Uint8Array(await upload.arrayBuffer()), name: upload.name } : null;
      const productId = args.input.productId.id;
      return runMutation(ctx, 'addProductPhoto', { idempotencyKey: args.idempotencyKey, input: { productId, file: uploadFingerprint(file) } }, (tx, actor) =>
        addProductPhoto(tx, { productId, file, actor, source: 'addProductPhoto', now: ctx.now }),
      );
    },
  }),
}));
