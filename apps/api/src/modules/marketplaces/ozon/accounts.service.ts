// Ozon seller accounts: Client-Id, the Api-Key sealed at rest (core/secret-box.ts), which of our
// warehouses serves each Ozon warehouse, and the account's sync health. Managed by ADMIN.
import { z } from 'zod';
import type { Db, OzonAccount } from '@orderly/schema';
import { DomainError, type UserErrorShape, userError } from '../../../core/errors.ts';
import { open, seal } from '../../../core/secret-box.ts';
import type { Tx } from '../../../core/transaction.ts';
import type { OzonCredentials } from './client.ts';

const sealContext = (clientId: string) => `ozon-account:${clientId}`;

const warehousesSchema = z
  .array(
    z.object({
      ozonWarehouseId: z
        .string()
        .trim()
        .regex(/^\d{1,19}$/, 'Ozon warehouse ids are numbers'),
      warehouseCode: z.string().trim().min(1).max(100),
    }),
  )
  .max(100);

const createSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100),
  channel: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9_-]{1,32}$/, 'Channel must be a short code such as "ozon" or "ozon-shop2"'),
  clientId: z
    .string()
    .trim()
    .regex(/^\d{1,19}$/, 'Client-Id is a number'),
  apiKey: z.string().trim().min(8, 'Api-Key looks too short').max(200),
  apiBaseUrl: z.string().trim().url('API address must be a URL').max(300).nullish(),
  warehouses: warehousesSchema.nullish(),
});

const updateSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100).nullish(),
  apiKey: z.string().trim().min(8, 'Api-Key looks too short').max(200).nullish(),
  apiBaseUrl: z.string().trim().url('API address must be a URL').max(300).nullish(),
  active: z.boolean().nullish(),
  warehouses: warehousesSchema.nullish(),
});

export type CreateOzonAccountInput = z.input<typeof createSchema>;
export type UpdateOzonAccountInput = z.input<typeof updateSchema>;

function parse<S extends z.ZodTypeAny>(schema: S, input: unknown, root: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new DomainError(parsed.error.issues.map((i) => userError('INVALID_INPUT', i.message, [root, ...i.path.map(String)])));
  return parsed.data;
}

/** Our warehouse ids for the mapping rows; unknown codes are userErrors. */
async function mappingRows(tx: Tx, warehouses: z.output<typeof warehousesSchema>, root: string) {
  const found = await tx.warehouse.findMany({ where: { code: { in: warehouses.map((w) => w.warehouseCode) } }, select: { id: true, code: true } });
  const byCode = new Map(found.map((w) => [w.code, w.id]));
  const errors: UserErrorShape[] = [];
  const seen = new Set<string>();
  warehouses.forEach((w, i) => {
    if (!byCode.has(w.warehouseCode))
      errors.push(userError('UNKNOWN_WAREHOUSE', `No warehouse with code "${w.warehouseCode}"`, [root, 'warehouses', i, 'warehouseCode']));
    if (seen.has(w.ozonWarehouseId))
      errors.push(userError('INVALID_INPUT', `Ozon warehouse ${w.ozonWarehouseId} is mapped twice`, [root, 'warehouses', i, 'ozonWarehouseId']));
    seen.add(w.ozonWarehouseId);
  });
  if (errors.length) throw new DomainError(errors);
  return warehouses.map((w) => ({ ozonWarehouseId: w.ozonWarehouseId, warehouseId: byCode.get(w.warehouseCode)! }));
}

export async function createOzonAccount(tx: Tx, raw: CreateOzonAccountInput, root = 'input') {
  const input = parse(createSchema, raw, root);
  const clash = await tx.ozonAccount.findFirst({ where: { OR: [{ channel: input.channel }, { clientId: input.clientId }] }, select: { channel: true, clientId: true } });
  if (clash) {
    const field = clash.clientId === input.clientId ? 'clientId' : 'channel';
    throw new DomainError(
      userError('INVALID_INPUT', field === 'clientId' ? 'This Client-Id already has an account' : 'Another account uses this channel', [root, field]),
    );
  }
  const warehouses = await mappingRows(tx, input.warehouses ?? [], root);
  const account = await tx.ozonAccount.create({
    data: {
      name: input.name,
      channel: input.channel,
      clientId: input.clientId,
      apiKeySealed: seal(input.apiKey, sealContext(input.clientId)),
      ...(input.apiBaseUrl ? { apiBaseUrl: input.apiBaseUrl } : {}),
      warehouses: { create: warehouses },
    },
  });
  return { accountId: account.id };
}

export async function updateOzonAccount(tx: Tx, id: string, raw: UpdateOzonAccountInput, root = 'input') {
  const input = parse(updateSchema, raw, root);
  const account = await tx.ozonAccount.findUnique({ where: { id } });
  if (!account) throw new DomainError(userError('NOT_FOUND', 'No such Ozon account', ['id']));
  const warehouses = input.warehouses ? await mappingRows(tx, input.warehouses, root) : null;
  await tx.ozonAccount.update({
    where: { id },
    data: {
      ...(input.name ? { name: input.name } : {}),
      ...(input.apiKey ? { apiKeySealed: seal(input.apiKey, sealContext(account.clientId)) } : {}),
      ...(input.apiBaseUrl ? { apiBaseUrl: input.apiBaseUrl } : {}),
      ...(input.active != null ? { active: input.active } : {}),
      ...(warehouses ? { warehouses: { deleteMany: {}, create: warehouses } } : {}),
    },
  });
  return { accountId: id };
}

export async function disableOzonAccount(tx: Tx, id: string) {
  const account = await tx.ozonAccount.findUnique({ where: { id }, select: { id: true } });
  if (!account) throw new DomainError(userError('NOT_FOUND', 'No such Ozon account', ['id']));
  await tx.ozonAccount.update({ where: { id }, data: { active: false } });
  return { accountId: id };
}

/** The account's credentials for the client (the Api-Key opened from its sealed form). */
export const credentialsOf = (account: Pick<OzonAccount, 'apiBaseUrl' | 'clientId' | 'apiKeySealed'>): OzonCredentials => ({
  baseUrl: account.apiBaseUrl,
  clientId: account.clientId,
  apiKey: open(account.apiKeySealed, sealContext(account.clientId)),
});

/** Postings seen but not turned into orders yet (unknown products…), per account. */
export async function blockedPostingCounts(db: Db | Tx, accountIds: string[]) {
  const rows = await db.ozonPosting.groupBy({ by: ['accountId'], where: { accountId: { in: accountIds }, blockedReason: { not: null } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.accountId, r._count._all]));
}
