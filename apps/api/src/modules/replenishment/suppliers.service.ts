// Suppliers and the products each carries (supplier SKU, purchase price, minimum order quantity).
import type { Db } from '@orderly/schema';
import { z } from 'zod';
import { maxInt32, maxUnitsPerOperation } from '../common/bounds.ts';
import { DomainError, userError, type UserErrorShape } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { assertCurrency } from './currency.service.ts';

export interface SupplierInput {
  name?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  currency?: string | null;
  leadTimeDays?: number | null;
  active?: boolean | null;
}

const email = z.string().email();

function supplierData(input: SupplierInput, creating: boolean) {
  const errors: UserErrorShape[] = [];
  const name = input.name?.trim();
  if ((creating || input.name !== undefined) && !name) errors.push(userError('INVALID_INPUT', 'A supplier needs a name', ['input', 'name']));
  const currency = input.currency?.trim().toUpperCase();
  if (creating && !currency) errors.push(userError('UNKNOWN_CURRENCY', 'A supplier needs a currency', ['input', 'currency']));
  if (currency) {
    try {
      assertCurrency(currency, ['input', 'currency']);
    } catch (e) {
      errors.push(...(e as DomainError).errors);
    }
  }
  if (input.leadTimeDays != null && (input.leadTimeDays < 0 || input.leadTimeDays > 365)) {
    errors.push(userError('INVALID_INPUT', 'Lead time is between 0 and 365 days', ['input', 'leadTimeDays']));
  }
  const contactEmail = input.contactEmail?.trim() || null;
  if (contactEmail && !email.safeParse(contactEmail).success) errors.push(userError('INVALID_EMAIL', 'Not an e-mail address', ['input', 'contactEmail']));
  if (errors.length) throw new DomainError(errors);
  return {
    ...(name ? { name } : {}),
    ...(currency ? { currency } : {}),
    ...(input.contactName !== undefined ? { contactName: input.contactName?.trim() || null } : {}),
    ...(input.contactPhone !== undefined ? { contactPhone: input.contactPhone?.trim() || null } : {}),
    ...(input.contactEmail !== undefined ? { contactEmail } : {}),
    ...(input.leadTimeDays != null ? { leadTimeDays: input.leadTimeDays } : {}),
    ...(input.active != null ? { active: input.active } : {}),
  };
}

export function createSupplier(tx: Tx, input: SupplierInput & { name: string; currency: string }) {
  const data = supplierData(input, true);
  return tx.supplier.create({ data: { ...data, name: data.name!, currency: data.currency! } });
}

export async function updateSupplier(tx: Tx, supplierId: string, input: SupplierInput) {
  const data = supplierData(input, false);
  const found = await tx.supplier.findUnique({ where: { id: supplierId }, select: { id: true } });
  if (!found) throw new DomainError(userError('NOT_FOUND', 'No such supplier', ['id']));
  return tx.supplier.update({ where: { id: supplierId }, data });
}

export async function requireSupplier(db: Db | Tx, supplierId: string, field: string[]) {
  const supplier = await db.supplier.findUnique({ where: { id: supplierId } });
  if (!supplier) throw new DomainError(userError('NOT_FOUND', 'No such supplier', field));
  return supplier;
}

export async function setProductSupplier(
  tx: Tx,
  input: { productId: string; supplierId: string; supplierSku?: string | null; purchasePrice: number; minOrderQuantity?: number | null; preferred?: boolean | null },
) {
  const errors: UserErrorShape[] = [];
  if (!Number.isSafeInteger(input.purchasePrice) || input.purchasePrice < 0 || input.purchasePrice > maxInt32) {
    errors.push(userError('INVALID_AMOUNT', 'The purchase price is a non-negative amount in minor units', ['input', 'purchasePrice']));
  }
  const moq = input.minOrderQuantity ?? 1;
  if (moq < 1 || moq > maxUnitsPerOperation)
    errors.push(userError('INVALID_QUANTITY', `The minimum order quantity is between 1 and ${maxUnitsPerOperation}`, ['input', 'minOrderQuantity']));
  if (errors.length) throw new DomainError(errors);
  await requireSupplier(tx, input.supplierId, ['input', 'supplierId']);
  const product = await tx.product.findUnique({ where: { id: input.productId }, select: { id: true } });
  if (!product) throw new DomainError(userError('NOT_FOUND', 'No such product', ['input', 'productId']));
  // One preferred supplier per product: choosing one unsets the others.
  if (input.preferred) await tx.productSupplier.updateMany({ where: { productId: input.productId, supplierId: { not: input.supplierId } }, data: { preferred: false } });
  const data = {
    supplierSku: input.supplierSku?.trim() || null,
    purchasePrice: input.purchasePrice,
    minOrderQuantity: moq,
    ...(input.preferred != null ? { preferred: input.preferred } : {}),
  };
  return tx.productSupplier.upsert({
    where: { productId_supplierId: { productId: input.productId, supplierId: input.supplierId } },
    create: { productId: input.productId, supplierId: input.supplierId, ...data },
    update: data,
  });
}

/** The product no longer comes from this supplier (open purchase orders keep their lines). */
export async function removeProductSupplier(tx: Tx, params: { productId: string; supplierId: string }) {
  const removed = await tx.productSupplier.deleteMany({ where: { productId: params.productId, supplierId: params.supplierId } });
  if (removed.count === 0) throw new DomainError(userError('PRODUCT_NOT_SUPPLIED', 'This supplier does not carry that product', ['productId']));
}
