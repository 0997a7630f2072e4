// The catalogue's content: create, change, archive and import products, each change kept as a
// revision (who, when, which operation, what changed field by field). The content check itself
// (Product.contentIssues) is computed by the database from the product row on every write
// (migration catalog_content), so every writer — these mutations, demo data, SQL — is checked alike.
import type { Prisma, Product, ProductRevisionKind } from '@orderly/schema';
import { DomainError, type UserErrorShape, userError } from '../../core/errors.ts';
import { isKnownCurrency } from '../../core/money.ts';
import type { Tx } from '../../core/transaction.ts';
import { maxInt32 } from '../common/bounds.ts';
import { lockRow } from '../common/locks.ts';
import { asGtin14, gtinCheckDigitValid } from '../marketplaces/ozon/marking-code.ts';
import { recordOutboxEvent } from '../webhooks/outbox.service.ts';

export const contentLocales = ['ru', 'zh-CN', 'en'] as const;
export type ContentLocale = (typeof contentLocales)[number];

export const productLimits = {
  name: 300,
  description: 5000,
  barcodes: 20,
  attributes: 100,
  attributeKey: 100,
  attributeValue: 500,
  imageUrls: 20,
  dimensionMm: 10_000,
  weightGrams: 1_000_000,
  lowStockThreshold: 1_000_000,
} as const;

export interface TranslationInput {
  locale: ContentLocale;
  name: string;
  description?: string | null;
}

/** What createProduct, updateProduct and importProducts take; on update, absent fields stay as they are. */
export interface ProductContentInput {
  sku?: string | null;
  name?: string | null;
  description?: string | null;
  price?: number | null;
  currency?: string | null;
  /** The complete list (replaces the current one). */
  barcodes?: string[] | null;
  /** The complete list (replaces the current one). */
  translations?: TranslationInput[] | null;
  /** The complete list (replaces the current one). */
  attributes?: { key: string; value: string }[] | null;
  /** null clears them. */
  dimensions?: { lengthMm: number; widthMm: number; heightMm: number } | null;
  /** null clears it. */
  weightGrams?: number | null;
  lowStockThreshold?: number | null;
  /** Pictures hosted elsewhere (the marketplace card); the complete list. */
  imageUrls?: string[] | null;
}

/** A product's content as revisions compare it. */
interface Content {
  sku: string;
  name: string;
  description: string;
  price: { minorUnits: number; currency: string };
  barcodes: string[];
  translations: Partial<Record<ContentLocale, { name: string; description: string }>>;
  attributes: Record<string, string>;
  dimensions: { lengthMm: number; widthMm: number; heightMm: number } | null;
  weightGrams: number | null;
  lowStockThreshold: number;
  imageUrls: string[];
}

export interface FieldChange {
  field: string;
  before: Prisma.JsonValue;
  after: Prisma.JsonValue;
}

const codePattern = /^[\p{L}\p{N}._\-/#+]+$/u;

/** Checks an input on its own (no database): every problem at once, each with its field path. */
function checkInput(input: ProductContentInput, root: (string | number)[], creating: boolean): UserErrorShape[] {
  const errors: UserErrorShape[] = [];
  const at = (...path: (string | number)[]) => [...root, ...path];
  // On update null means "keep" (only dimensions and weight can be cleared).
  const text = (value: string | null | undefined, field: string, max: number, required: boolean) => {
    if (value == null) {
      if (required && creating) errors.push(userError('INVALID_INPUT', `${field} is required`, at(field)));
      return;
    }
    if (required && !value.trim()) errors.push(userError('INVALID_INPUT', `${field} must not be empty`, at(field)));
    if (value.length > max) errors.push(userError('INVALID_INPUT', `${field} is longer than ${max} characters`, at(field)));
  };
  text(input.sku, 'sku', 100, true);
  if (input.sku?.trim() && !codePattern.test(input.sku.trim())) errors.push(userError('INVALID_INPUT', 'A SKU is letters, digits and . _ - / # + only', at('sku')));
  text(input.name, 'name', productLimits.name, true);
  text(input.description, 'description', productLimits.description, false);

  if (creating && input.price == null) errors.push(userError('INVALID_AMOUNT', 'price is required', at('price')));
  if (input.price != null && (input.price < 0 || input.price > maxInt32))
    errors.push(userError('INVALID_AMOUNT', 'The price must be zero or more (in minor units)', at('price')));
  if (creating && !input.currency) errors.push(userError('UNKNOWN_CURRENCY', 'currency is required', at('currency')));
  if (input.currency && !isKnownCurrency(input.currency.trim().toUpperCase()))
    errors.push(userError('UNKNOWN_CURRENCY', `Unknown currency "${input.currency}"`, at('currency')));

  const barcodes = input.barcodes ?? [];
  if (barcodes.length > productLimits.barcodes) errors.push(userError('INVALID_INPUT', `At most ${productLimits.barcodes} barcodes`, at('barcodes')));
  const seenCodes = new Set<string>();
  barcodes.forEach((raw, i) => {
    const code = raw.trim();
    if (!code || code.length > 64 || !codePattern.test(code)) {
      errors.push(userError('INVALID_BARCODE', `Barcode "${raw}" is not a barcode (letters, digits and . _ - / # +, at most 64)`, at('barcodes', i)));
      return;
    }
    // EAN-8, UPC-A, EAN-13 and GTIN-14 carry a check digit: a typo is caught here, not at the packing table.
    const gtin = asGtin14(code);
    if (gtin && !gtinCheckDigitValid(gtin)) errors.push(userError('INVALID_BARCODE', `Barcode ${code} has a wrong check digit`, at('barcodes', i)));
    if (seenCodes.has(code)) errors.push(userError('DUPLICATE_BARCODE', `Barcode ${code} is listed twice`, at('barcodes', i)));
    seenCodes.add(code);
  });

  const seenLocales = new Set<string>();
  (input.translations ?? []).forEach((t, i) => {
    if (seenLocales.has(t.locale)) errors.push(userError('INVALID_INPUT', `Two translations for ${t.locale}`, at('translations', i, 'locale')));
    seenLocales.add(t.locale);
    if (!t.name.trim()) errors.push(userError('INVALID_INPUT', 'A translation needs its name', at('translations', i, 'name')));
    if (t.name.length > productLimits.name) errors.push(userError('INVALID_INPUT', `Longer than ${productLimits.name} characters`, at('translations', i, 'name')));
    if ((t.description ?? '').length > productLimits.description)
      errors.push(userError('INVALID_INPUT', `Longer than ${productLimits.description} characters`, at('translations', i, 'description')));
  });

  const attributes = input.attributes ?? [];
  if (attributes.length > productLimits.attributes) errors.push(userError('INVALID_INPUT', `At most ${productLimits.attributes} attributes`, at('attributes')));
  const seenKeys = new Set<string>();
  attributes.forEach((a, i) => {
    const key = a.key.trim();
    if (!key || key.length > productLimits.attributeKey)
      errors.push(userError('INVALID_INPUT', `A key of 1–${productLimits.attributeKey} characters`, at('attributes', i, 'key')));
    if (seenKeys.has(key)) errors.push(userError('INVALID_INPUT', `Attribute "${key}" is listed twice`, at('attributes', i, 'key')));
    seenKeys.add(key);
    if (a.value.length > productLimits.attributeValue)
      errors.push(userError('INVALID_INPUT', `Longer than ${productLimits.attributeValue} characters`, at('attributes', i, 'value')));
  });

  if (input.dimensions) {
    for (const side of ['lengthMm', 'widthMm', 'heightMm'] as const) {
      const mm = input.dimensions[side];
      if (mm <= 0 || mm > productLimits.dimensionMm)
        errors.push(userError('INVALID_INPUT', `${side} must be between 1 and ${productLimits.dimensionMm} mm`, at('dimensions', side)));
    }
  }
  if (input.weightGrams != null && (input.weightGrams <= 0 || input.weightGrams > productLimits.weightGrams))
    errors.push(userError('INVALID_INPUT', `The weight must be between 1 and ${productLimits.weightGrams} g`, at('weightGrams')));
  if (input.lowStockThreshold != null && (input.lowStockThreshold < 0 || input.lowStockThreshold > productLimits.lowStockThreshold))
    errors.push(userError('INVALID_INPUT', `The threshold must be between 0 and ${productLimits.lowStockThreshold}`, at('lowStockThreshold')));

  const urls = input.imageUrls ?? [];
  if (urls.length > productLimits.imageUrls) errors.push(userError('INVALID_INPUT', `At most ${productLimits.imageUrls} image URLs`, at('imageUrls')));
  urls.forEach((url, i) => {
    if (!/^https?:\/\/\S+$/.test(url) || url.length > 2000) errors.push(userError('INVALID_INPUT', 'An http(s) URL', at('imageUrls', i)));
  });
  return errors;
}

/**
 * SKUs and barcodes are one namespace (a scan finds a product by either): refuses codes another
 * product already uses. Takes a transaction lock per code first, so two requests creating the
 * same SKU or barcode at once queue and the second sees the first.
 */
async function checkCodesFree(tx: Tx, productId: string | null, sku: string, barcodes: string[], root: (string | number)[]): Promise<UserErrorShape[]> {
  const codes = [...new Set([sku, ...barcodes])].sort();
  for (const code of codes) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`product-code:${code}`}))`;
  const others = productId ? { not: productId } : undefined;
  const [skuOwners, barcodeOwners] = await Promise.all([
    tx.product.findMany({ where: { sku: { in: codes }, id: others }, select: { sku: true } }),
    tx.productBarcode.findMany({ where: { code: { in: codes }, productId: others }, select: { code: true } }),
  ]);
  const taken = new Set([...skuOwners.map((p) => p.sku), ...barcodeOwners.map((b) => b.code)]);
  const errors: UserErrorShape[] = [];
  if (taken.has(sku)) errors.push(userError('DUPLICATE_SKU', `SKU ${sku} is already another product's SKU or barcode`, [...root, 'sku']));
  barcodes.forEach((code, i) => {
    if (taken.has(code)) errors.push(userError('DUPLICATE_BARCODE', `Barcode ${code} already belongs to another product`, [...root, 'barcodes', i]));
  });
  return errors;
}

type ProductWithBarcodes = Product & { barcodes: { code: string }[] };

function contentOf(p: ProductWithBarcodes): Content {
  const attributes = (p.attributes && typeof p.attributes === 'object' && !Array.isArray(p.attributes) ? p.attributes : {}) as Record<string, string>;
  return {
    sku: p.sku,
    name: p.name,
    description: p.description,
    price: { minorUnits: p.priceAmount, currency: p.currency },
    barcodes: p.barcodes.map((b) => b.code).sort(),
    translations: (p.translations ?? {}) as Content['translations'],
    attributes,
    dimensions: p.lengthMm != null && p.widthMm != null && p.heightMm != null ? { lengthMm: p.lengthMm, widthMm: p.widthMm, heightMm: p.heightMm } : null,
    weightGrams: p.weightGrams,
    lowStockThreshold: p.lowStockThreshold,
    imageUrls: p.imageUrls,
  };
}

/** The content after applying an input to `before` (null: a new product). Inputs are already checked. */
function applyInput(before: Content | null, input: ProductContentInput): Content {
  const keep = <T>(value: T | null | undefined, current: T) => (value == null ? current : value);
  const base: Content = before ?? {
    sku: '',
    name: '',
    description: '',
    price: { minorUnits: 0, currency: '' },
    barcodes: [],
    translations: {},
    attributes: {},
    dimensions: null,
    weightGrams: null,
    lowStockThreshold: 0,
    imageUrls: [],
  };
  return {
    sku: keep(input.sku?.trim(), base.sku),
    name: keep(input.name?.trim(), base.name),
    description: keep(input.description?.trim(), base.description),
    price: { minorUnits: keep(input.price, base.price.minorUnits), currency: keep(input.currency?.trim().toUpperCase(), base.price.currency) },
    barcodes: input.barcodes ? [...new Set(input.barcodes.map((b) => b.trim()))].sort() : base.barcodes,
    translations: input.translations
      ? Object.fromEntries(input.translations.map((t) => [t.locale, { name: t.name.trim(), description: (t.description ?? '').trim() }]))
      : base.translations,
    attributes: input.attributes
      ? Object.fromEntries([...input.attributes].map((a) => [a.key.trim(), a.value.trim()]).sort(([a], [b]) => a!.localeCompare(b!)))
      : base.attributes,
    dimensions:
      input.dimensions === undefined
        ? base.dimensions
        : input.dimensions && { lengthMm: input.dimensions.lengthMm, widthMm: input.dimensions.widthMm, heightMm: input.dimensions.heightMm },
    weightGrams: input.weightGrams === undefined ? base.weightGrams : input.weightGrams,
    lowStockThreshold: keep(input.lowStockThreshold, base.lowStockThreshold),
    imageUrls: input.imageUrls ?? base.imageUrls,
  };
}

/** Content as flat field paths ("translations.ru.name", "attributes.colour") → values, for field-level diffs. */
function flatten(content: Content): Map<string, Prisma.JsonValue> {
  const fields = new Map<string, Prisma.JsonValue>();
  for (const [key, value] of Object.entries(content)) {
    if (key === 'translations') {
      for (const [locale, t] of Object.entries(content.translations)) {
        fields.set(`translations.${locale}.name`, t.name);
        fields.set(`translations.${locale}.description`, t.description);
      }
    } else if (key === 'attributes') {
      for (const [name, v] of Object.entries(content.attributes)) fields.set(`attributes.${name}`, v);
    } else fields.set(key, value as Prisma.JsonValue);
  }
  return fields;
}

/** What differs between two contents, field by field (absent on one side: null there). */
function diffContent(before: Content | null, after: Content): FieldChange[] {
  const was = before ? flatten(before) : new Map<string, Prisma.JsonValue>();
  const now = flatten(after);
  const changes: FieldChange[] = [];
  for (const field of new Set([...was.keys(), ...now.keys()])) {
    const a = was.get(field) ?? null;
    const b = now.get(field) ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, before: a, after: b });
  }
  return changes;
}

const columnsOf = (c: Content) => ({
  sku: c.sku,
  name: c.name,
  description: c.description,
  priceAmount: c.price.minorUnits,
  currency: c.price.currency,
  translations: c.translations as Prisma.InputJsonObject,
  attributes: c.attributes,
  lengthMm: c.dimensions?.lengthMm ?? null,
  widthMm: c.dimensions?.widthMm ?? null,
  heightMm: c.dimensions?.heightMm ?? null,
  weightGrams: c.weightGrams,
  lowStockThreshold: c.lowStockThreshold,
  imageUrls: c.imageUrls,
});

/**
 * Writes the next revision of a product (its number is the product's new `revision`) and announces
 * it (`product.updated`) in the same transaction.
 */
export async function recordRevision(
  tx: Tx,
  productId: string,
  revision: { kind: ProductRevisionKind; changes: FieldChange[]; actor: string; source: string; now: Date },
) {
  const { revision: number, sku } = await tx.product.update({
    where: { id: productId },
    data: { revision: { increment: 1 } },
    select: { revision: true, sku: true },
  });
  await tx.productRevision.create({
    data: {
      productId,
      number,
      kind: revision.kind,
      changes: revision.changes as unknown as Prisma.InputJsonArray,
      actor: revision.actor,
      source: revision.source,
      createdAt: revision.now,
    },
  });
  // Field paths only: integrators read the values from the product (or its revisions) if they need them.
  await recordOutboxEvent(tx, {
    type: 'product.updated',
    aggregateType: 'Product',
    aggregateId: productId,
    payload: { productId, sku, kind: revision.kind, fields: revision.changes.map((c) => c.field), source: revision.source },
  });
  return number;
}

export interface ProductChange {
  productId: string;
  /** CREATED, UPDATED, or UNCHANGED when the input changed nothing (no revision written). */
  outcome: 'CREATED' | 'UPDATED' | 'UNCHANGED';
}

interface Actor {
  actor: string;
  source: string;
  now: Date;
}

/** A new product and its first revision. Invalid input, a taken SKU or barcode: DomainError, nothing written. */
export async function createProduct(tx: Tx, input: ProductContentInput, by: Actor, root: (string | number)[] = ['input']): Promise<ProductChange> {
  const errors = checkInput(input, root, true);
  if (errors.length) throw new DomainError(errors);
  const content = applyInput(null, input);
  const taken = await checkCodesFree(tx, null, content.sku, input.barcodes?.map((b) => b.trim()) ?? [], root);
  if (taken.length) throw new DomainError(taken);
  const product = await tx.product.create({
    data: { ...columnsOf(content), barcodes: { create: content.barcodes.map((code) => ({ code })) } },
    select: { id: true },
  });
  await recordRevision(tx, product.id, { kind: 'CREATED', changes: diffContent(null, content), ...by });
  return { productId: product.id, outcome: 'CREATED' };
}

/** Locks a product for a change; NOT_FOUND at `field` when there is none. */
async function lockProduct(tx: Tx, productId: string, field: (string | number)[]): Promise<ProductWithBarcodes> {
  if (!(await lockRow(tx, 'Product', productId))) throw new DomainError(userError('NOT_FOUND', 'No such product', field));
  return tx.product.findUniqueOrThrow({ where: { id: productId }, include: { barcodes: { select: { code: true } } } });
}

/**
 * Changes a product's content: the fields given replace the current ones; a revision lists what
 * changed. An input that changes nothing writes nothing (UNCHANGED). `expectedRevision` guards
 * against overwriting someone else's edit (STALE_VERSION).
 */
export async function updateProduct(
  tx: Tx,
  params: { productId: string; input: ProductContentInput; expectedRevision?: number | null },
  by: Actor,
  root: (string | number)[] = ['input'],
): Promise<ProductChange> {
  const errors = checkInput(params.input, root, false);
  if (errors.length) throw new DomainError(errors);
  const product = await lockProduct(tx, params.productId, ['id']);
  return applyChange(tx, product, params.input, params.expectedRevision ?? null, by, root);
}

async function applyChange(
  tx: Tx,
  product: ProductWithBarcodes,
  input: ProductContentInput,
  expectedRevision: number | null,
  by: Actor,
  root: (string | number)[],
): Promise<ProductChange> {
  if (expectedRevision != null && expectedRevision !== product.revision)
    throw new DomainError(userError('STALE_VERSION', `The product is at revision ${product.revision}, not ${expectedRevision}: reload it`, ['expectedRevision']));
  const before = contentOf(product);
  const after = applyInput(before, input);
  const changes = diffContent(before, after);
  if (!changes.length) return { productId: product.id, outcome: 'UNCHANGED' };
  const taken = await checkCodesFree(tx, product.id, after.sku, input.barcodes?.map((b) => b.trim()) ?? [], root);
  if (taken.length) throw new DomainError(taken);
  await tx.product.update({ where: { id: product.id }, data: columnsOf(after) });
  if (input.barcodes) {
    await tx.productBarcode.deleteMany({ where: { productId: product.id, code: { notIn: after.barcodes } } });
    await tx.productBarcode.createMany({ data: after.barcodes.map((code) => ({ productId: product.id, code })), skipDuplicates: true });
  }
  await recordRevision(tx, product.id, { kind: 'UPDATED', changes, ...by });
  return { productId: product.id, outcome: 'UPDATED' };
}

/**
 * Archives a product (no longer offered for new orders; orders already taken keep it) or restores
 * it. Archiving an archived product changes nothing.
 */
export async function setProductArchived(tx: Tx, productId: string, archived: boolean, by: Actor): Promise<ProductChange> {
  const product = await lockProduct(tx, productId, ['id']);
  if ((product.archivedAt != null) === archived) return { productId, outcome: 'UNCHANGED' };
  await tx.product.update({ where: { id: productId }, data: { archivedAt: archived ? by.now : null, active: !archived } });
  await recordRevision(tx, productId, {
    kind: archived ? 'ARCHIVED' : 'RESTORED',
    changes: [{ field: 'archived', before: !archived, after: archived }],
    ...by,
  });
  return { productId, outcome: 'UPDATED' };
}

/**
 * One row of importProducts: creates the product of an unknown SKU, updates a known one with the
 * fields given (UNCHANGED when it already matches), all through the same checks as by hand.
 */
export async function importProduct(tx: Tx, input: ProductContentInput & { sku: string }, by: Actor, root: (string | number)[]): Promise<ProductChange> {
  const sku = input.sku.trim();
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`product-code:${sku}`}))`;
  const existing = await tx.product.findUnique({ where: { sku }, select: { id: true } });
  if (!existing) return createProduct(tx, input, by, root);
  const errors = checkInput(input, root, false);
  if (errors.length) throw new DomainError(errors);
  const product = await lockProduct(tx, existing.id, [...root, 'sku']);
  return applyChange(tx, product, input, null, by, root);
}

/** Issue codes as the trigger writes them ("MISSING_TRANSLATION:ru") → code and language. */
export function parseContentIssue(stored: string): { code: string; locale: ContentLocale | null } {
  const [code, locale] = stored.split(':');
  return { code: code!, locale: (contentLocales as readonly string[]).includes(locale ?? '') ? (locale as ContentLocale) : null };
}
