import type { Db } from '@orderly/schema';
import { DomainError, userError } from '../../core/errors.ts';
import { findProductByCode } from '../catalog/catalog.service.ts';
import { lockRow } from '../common/locks.ts';
import type { Tx } from '../../core/transaction.ts';
import { binsWithStock, markBinEmpty, pickStock, resolveWarehouse } from '../inventory/inventory.service.ts';
import { appendOrderEvent, lineUnits, lockOrder, recordLineProgress, transitionOrder } from '../orders/order.service.ts';
import { remaining } from './pick-tasks.ts';

/** Largest batch a picker walks at once. */
export const maxPickBatch = 50;

interface TaskDraft {
  orderId: string;
  orderLineId: string;
  productId: string;
  locationId: string | null;
  sequence: number;
  quantity: number;
}

/** Route position for tasks whose product has no known bin: last, so the picker asks at the end. */
const UNKNOWN_BIN_SEQUENCE = 1_000_000;

/**
 * Splits a line's units over the bins that hold the product, along the route. Units no bin
 * accounts for get a task without a location (found elsewhere or short-picked).
 */
async function planLine(tx: Tx, warehouseId: string, orderId: string, line: { id: string; productId: string; units: number }): Promise<TaskDraft[]> {
  const drafts: TaskDraft[] = [];
  let left = line.units;
  for (const bin of await binsWithStock(tx, line.productId, warehouseId)) {
    if (left === 0) break;
    const take = Math.min(left, bin.quantity);
    drafts.push({ orderId, orderLineId: line.id, productId: line.productId, locationId: bin.locationId, sequence: bin.location.pickOrder, quantity: take });
    left -= take;
  }
  if (left > 0) drafts.push({ orderId, orderLineId: line.id, productId: line.productId, locationId: null, sequence: UNKNOWN_BIN_SEQUENCE, quantity: left });
  return drafts;
}

/**
 * A pick list from the given confirmed orders, or from the most urgent confirmed orders (by
 * ship-by) of a warehouse up to `batchSize`. Orders move to PICKING; tasks follow the bin route.
 */
export async function createPickList(
  tx: Tx,
  params: { orderIds?: string[] | null; batchSize?: number | null; warehouseCode?: string | null; assigneeId?: string | null; actor: string },
): Promise<{ pickListId: string }> {
  const warehouse = await resolveWarehouse(tx, params.warehouseCode);
  const batchSize = Math.min(params.batchSize ?? 10, maxPickBatch);
  // An automatic batch skips orders another supervisor is batching right now (SKIP LOCKED).
  const orderIds = params.orderIds?.length
    ? params.orderIds
    : (
        await tx.$queryRaw<{ id: string }[]>`
          SELECT id::text AS id FROM "Order"
          WHERE status = 'CONFIRMED' AND "warehouseId" = ${warehouse.id}::uuid
          ORDER BY "shipBy", id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`
      ).map((o) => o.id);
  if (!orderIds.length) throw new DomainError(userError('NOTHING_TO_PICK', 'No confirmed orders are waiting to be picked', null));

  const drafts: TaskDraft[] = [];
  // Lock in id order: two supervisors batching overlapping orders cannot deadlock.
  for (const orderId of [...new Set(orderIds)].sort()) {
    const order = await lockOrder(tx, orderId, null, ['orderIds']);
    if (order.status !== 'CONFIRMED') {
      throw new DomainError(userError('INVALID_TRANSITION', `Order #${order.number} is ${order.status}; only confirmed orders are picked`, ['orderIds']));
    }
    if (order.warehouseId && order.warehouseId !== warehouse.id) {
      throw new DomainError(userError('UNKNOWN_WAREHOUSE', `Order #${order.number} ships from another warehouse`, ['orderIds']));
    }
    await transitionOrder(tx, order, 'PICKING', { actor: params.actor, type: 'PICK_STARTED' });
    for (const line of order.lines) {
      const units = lineUnits(line) - line.quantityPicked;
      if (units > 0) drafts.push(...(await planLine(tx, warehouse.id, order.id, { id: line.id, productId: line.productId, units })));
    }
  }
  const pickList = await tx.pickList.create({
    data: {
      warehouseId: warehouse.id,
      assigneeId: params.assigneeId ?? null,
      tasks: { create: drafts.sort((a, b) => a.sequence - b.sequence).map((d) => ({ ...d })) },
    },
  });
  return { pickListId: pickList.id };
}

async function lockPickList(tx: Tx, pickListId: string) {
  if (!(await lockRow(tx, 'PickList', pickListId))) throw new DomainError(userError('NOT_FOUND', 'No such pick list', ['pickListId']));
  const list = await tx.pickList.findUniqueOrThrow({
    where: { id: pickListId },
    include: { tasks: { orderBy: [{ sequence: 'asc' }, { id: 'asc' }], include: { location: true, order: { select: { status: true, number: true } } } } },
  });
  if (list.status === 'COMPLETED' || list.status === 'CANCELLED') {
    throw new DomainError(userError('INVALID_TRANSITION', `Pick list #${list.number} is ${list.status}`, ['pickListId']));
  }
  return list;
}

/**
 * The picker scanned an item (at a bin). The first open task for that product — at that bin
 * when one is named — counts up. Anything not on the list is WRONG_ITEM; an item whose tasks (at
 * that bin) are all picked already — a colleague got there first — is ALREADY_PICKED; more than the
 * task needs is OVER_PICK. Moves reserved stock to picked and writes ledger and timeline rows.
 */
export async function scanPick(
  tx: Tx,
  params: { pickListId: string; code: string; locationCode?: string | null; quantity?: number | null; actor: string },
): Promise<{ pickListId: string; taskId: string }> {
  const quantity = params.quantity ?? 1;
  if (quantity < 1) throw new DomainError(userError('INVALID_QUANTITY', 'Scan at least one unit', ['quantity']));
  const list = await lockPickList(tx, params.pickListId);
  const product = await findProductByCode(tx, params.code.trim());
  const open = list.tasks.filter((t) => remaining(t) > 0 && t.order.status === 'PICKING');
  const forProduct = open.filter((t) => t.productId === product?.id);
  if (!product) throw new DomainError(userError('WRONG_ITEM', `Nothing on this pick list has the code "${params.code}"`, ['code']));
  const here = params.locationCode ? forProduct.filter((t) => t.location?.code === params.locationCode) : forProduct;
  const task = here[0] ?? (params.locationCode ? forProduct.find((t) => t.locationId === null) : undefined);
  if (!task) {
    const picked = list.tasks.find(
      (t) =>
        t.productId === product.id &&
        t.order.status === 'PICKING' &&
        remaining(t) === 0 &&
        t.quantityPicked > 0 &&
        (!params.locationCode || !forProduct.length || t.location?.code === params.locationCode),
    );
    if (picked) {
      const at = picked.location ? ` at bin ${picked.location.code}` : '';
      throw new DomainError(userError('ALREADY_PICKED', `${product.sku} for order #${picked.order.number} was already picked${at}`, ['code']));
    }
    if (!forProduct.length) throw new DomainError(userError('WRONG_ITEM', `${product.sku} is not on this pick list`, ['code']));
    throw new DomainError(userError('WRONG_ITEM', `${product.sku} is not expected at bin ${params.locationCode}`, ['locationCode']));
  }
  if (quantity > remaining(task)) {
    throw new DomainError(userError('OVER_PICK', `Only ${remaining(task)} more of ${product.sku} needed here`, ['quantity']));
  }
  // Pick list first, then the order (the same order everywhere): a cancellation racing this scan
  // either lands before it (the scan sees a cancelled order) or waits for it.
  const order = await lockOrder(tx, task.orderId);
  const line = order.lines.find((l) => l.id === task.orderLineId)!;
  if (order.status !== 'PICKING') throw new DomainError(userError('INVALID_TRANSITION', `Order #${order.number} is ${order.status}; stop picking it`, ['code']));
  if (line.quantityPicked + quantity > lineUnits(line)) {
    throw new DomainError(userError('OVER_PICK', `Order #${order.number} needs only ${lineUnits(line) - line.quantityPicked} more of ${product.sku}`, ['quantity']));
  }

  const location = task.locationId
    ? task.location
    : params.locationCode
      ? await tx.location.findFirst({ where: { warehouseId: list.warehouseId, code: params.locationCode } })
      : null;
  const picked = task.quantityPicked + quantity;
  await tx.pickTask.update({
    where: { id: task.id },
    data: { quantityPicked: picked, status: picked + task.quantityShort === task.quantity ? 'PICKED' : 'PENDING', locationId: location?.id ?? null },
  });
  if (list.status === 'OPEN') await tx.pickList.update({ where: { id: list.id }, data: { status: 'IN_PROGRESS', startedAt: new Date() } });
  await recordLineProgress(tx, task.orderLineId, { picked: quantity });
  await pickStock(tx, {
    orderId: task.orderId,
    productId: product.id,
    warehouseId: list.warehouseId,
    locationId: location?.id ?? null,
    quantity,
    actor: params.actor,
    reference: `pick-list:${list.number}`,
  });
  await appendOrderEvent(tx, task.orderId, {
    type: 'ITEM_PICKED',
    actor: params.actor,
    data: { sku: product.sku, quantity, bin: location?.code ?? null, pickList: list.number },
  });
  return { pickListId: list.id, taskId: task.id };
}

export type ShortPickResolution = 'OTHER_BIN' | 'HOLD';

/**
 * The item is not (all) at the bin. The shortage is recorded and the bin's count zeroed; the
 * missing units are then taken from another bin that holds the product (new tasks on this list)
 * or, when none does or the picker chooses HOLD, the order goes ON_HOLD (OUT_OF_STOCK).
 */
export async function shortPick(
  tx: Tx,
  params: { pickListId: string; taskId: string; resolution: ShortPickResolution; note?: string | null; actor: string },
): Promise<{ pickListId: string; taskId: string; resolvedBy: ShortPickResolution }> {
  const list = await lockPickList(tx, params.pickListId);
  const task = list.tasks.find((t) => t.id === params.taskId);
  if (!task) throw new DomainError(userError('NOT_FOUND', 'No such task on this pick list', ['taskId']));
  const short = remaining(task);
  if (short === 0) throw new DomainError(userError('INVALID_TRANSITION', 'This task is already complete', ['taskId']));

  await tx.pickTask.update({ where: { id: task.id }, data: { quantityShort: task.quantityShort + short, status: 'SHORT' } });
  if (task.locationId) await markBinEmpty(tx, task.productId, task.locationId);
  const sku = (await tx.product.findUniqueOrThrow({ where: { id: task.productId }, select: { sku: true } })).sku;
  await appendOrderEvent(tx, task.orderId, {
    type: 'SHORT_PICKED',
    actor: params.actor,
    data: { sku, quantity: short, bin: task.location?.code ?? null, note: params.note ?? null },
  });

  if (params.resolution === 'OTHER_BIN') {
    const planned = new Set(list.tasks.filter((t) => remaining(t) > 0 && t.productId === task.productId).map((t) => t.locationId));
    const bins = (await binsWithStock(tx, task.productId, list.warehouseId)).filter((b) => b.locationId !== task.locationId && !planned.has(b.locationId));
    const available = bins.reduce((sum, b) => sum + b.quantity, 0);
    if (available >= short) {
      let left = short;
      for (const bin of bins) {
        if (left === 0) break;
        const take = Math.min(left, bin.quantity);
        await tx.pickTask.create({
          data: {
            pickListId: list.id,
            orderId: task.orderId,
            orderLineId: task.orderLineId,
            productId: task.productId,
            locationId: bin.locationId,
            sequence: bin.location.pickOrder,
            quantity: take,
          },
        });
        left -= take;
      }
      return { pickListId: list.id, taskId: task.id, resolvedBy: 'OTHER_BIN' };
    }
  }

  const order = await lockOrder(tx, task.orderId);
  if (order.status !== 'ON_HOLD') {
    await transitionOrder(tx, order, 'ON_HOLD', {
      actor: params.actor,
      type: 'HOLD_PLACED',
      data: { holdReason: 'OUT_OF_STOCK', holdNote: `Short pick: ${sku} ×${short}${task.location ? ` at ${task.location.code}` : ''}`, statusBeforeHold: order.status },
      eventData: { reason: 'OUT_OF_STOCK', shortPick: { sku, quantity: short } },
    });
  }
  return { pickListId: list.id, taskId: task.id, resolvedBy: 'HOLD' };
}

/**
 * Done walking: every task must be picked or short. Fully picked orders move on to PICKED
 * (the packing queue); orders put on hold by a short pick stay on hold.
 */
export async function completePickList(tx: Tx, params: { pickListId: string; actor: string }): Promise<{ pickListId: string }> {
  const list = await lockPickList(tx, params.pickListId);
  const open = list.tasks.filter((t) => remaining(t) > 0 && t.order.status === 'PICKING');
  if (open.length) throw new DomainError(userError('PICK_INCOMPLETE', `${open.length} task(s) still open: pick them or report them short`, ['pickListId']));
  for (const orderId of [...new Set(list.tasks.map((t) => t.orderId))].sort()) {
    const order = await lockOrder(tx, orderId);
    if (order.status !== 'PICKING') continue;
    if (order.lines.every((l) => l.quantityPicked >= lineUnits(l))) {
      await transitionOrder(tx, order, 'PICKED', { actor: params.actor, type: 'PICKED', eventData: { pickList: list.number } });
    }
  }
  await tx.pickList.update({ where: { id: list.id }, data: { status: 'COMPLETED', completedAt: new Date() } });
  return { pickListId: list.id };
}

/** Give a pick list to a picker (or take it back: null). */
export async function assignPickList(tx: Tx, params: { pickListId: string; assigneeId: string | null }): Promise<{ pickListId: string }> {
  const list = await lockPickList(tx, params.pickListId);
  if (params.assigneeId) {
    const user = await tx.user.findUnique({ where: { id: params.assigneeId }, select: { active: true } });
    if (!user?.active) throw new DomainError(userError('NOT_FOUND', 'No active staff member with that id', ['assigneeId']));
  }
  await tx.pickList.update({ where: { id: list.id }, data: { assigneeId: params.assigneeId } });
  return { pickListId: list.id };
}

/** Units picked and short per picker since a time (today's progress board). */
export async function pickerProgress(db: Db, since: Date) {
  const rows = await db.$queryRaw<{ assigneeId: string | null; lists: bigint; picked: bigint; short: bigint; total: bigint }[]>`
    SELECT l."assigneeId"::text AS "assigneeId", COUNT(DISTINCT l.id) AS lists,
           COALESCE(SUM(t."quantityPicked"), 0) AS picked, COALESCE(SUM(t."quantityShort"), 0) AS short, COALESCE(SUM(t.quantity), 0) AS total
    FROM "PickList" l JOIN "PickTask" t ON t."pickListId" = l.id
    WHERE l."createdAt" >= ${since}
    GROUP BY l."assigneeId" ORDER BY picked DESC`;
  return rows.map((r) => ({ assigneeId: r.assigneeId, lists: Number(r.lists), unitsPicked: Number(r.picked), unitsShort: Number(r.short), unitsTotal: Number(r.total) }));
}
