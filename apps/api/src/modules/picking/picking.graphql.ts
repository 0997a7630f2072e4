import { encodeGlobalID } from '@pothos/plugin-relay';
import { PickListStatus, PickTaskStatus } from '@orderly/schema';
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { Order } from '../orders/order.type.ts';
import { User } from '../auth/auth.graphql.ts';
import { assignPickList, completePickList, createPickList, maxPickBatch, pickerProgress, scanPick, shortPick } from './picking.service.ts';

const PickListStatusEnum = builder.enumType(PickListStatus, { name: 'PickListStatus' });
const PickTaskStatusEnum = builder.enumType(PickTaskStatus, { name: 'PickTaskStatus' });
const ShortPickResolutionEnum = builder.enumType('ShortPickResolution', {
  description: 'What to do about units missing at a bin.',
  values: {
    OTHER_BIN: { description: 'Take them from another bin that holds the product (falls back to HOLD when none does).' },
    HOLD: { description: 'Put the order ON_HOLD (OUT_OF_STOCK) until stock is found.' },
  },
});

/** Who a pick list belongs to, as the floor sees colleagues: a name, nothing more. */
const StaffMember = builder.prismaObject('User', {
  variant: 'StaffMember',
  authScopes: { permission: 'picking' },
  description: 'A colleague as shown on the floor (name only; accounts are managed through User).',
  fields: (t) => ({
    id: t.id({ description: 'The User id (for assignPickList).', resolve: (u) => encodeGlobalID('User', u.id) }),
    name: t.exposeString('name'),
  }),
});

export const PickTask = builder.prismaNode('PickTask', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'picking' },
  description: 'Pick this many units of a product from a bin for one order line.',
  fields: (t) => ({
    sequence: t.exposeInt('sequence', { description: 'Position along the bin route.' }),
    status: t.expose('status', { type: PickTaskStatusEnum }),
    product: t.relation('product'),
    location: t.relation('location', { nullable: true, description: 'The bin; null when no bin is known to hold the product.' }),
    order: t.relation('order', { nullable: true }),
    orderLine: t.relation('orderLine'),
    quantity: t.exposeInt('quantity'),
    quantityPicked: t.exposeInt('quantityPicked'),
    quantityShort: t.exposeInt('quantityShort'),
    remaining: t.int({ select: { quantity: true, quantityPicked: true, quantityShort: true }, resolve: (x) => x.quantity - x.quantityPicked - x.quantityShort }),
  }),
});

const PickProgress = builder.objectRef<{ tasks: number; tasksDone: number; units: number; unitsPicked: number; unitsShort: number }>('PickProgress').implement({
  authScopes: { permission: 'picking' },
  fields: (t) => ({
    tasks: t.exposeInt('tasks'),
    tasksDone: t.exposeInt('tasksDone'),
    units: t.exposeInt('units'),
    unitsPicked: t.exposeInt('unitsPicked'),
    unitsShort: t.exposeInt('unitsShort'),
  }),
});

export const PickList = builder.prismaNode('PickList', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'picking' },
  description: 'A walk through the warehouse collecting items for one or more orders.',
  fields: (t) => ({
    number: t.exposeInt('number'),
    status: t.expose('status', { type: PickListStatusEnum }),
    warehouse: t.relation('warehouse'),
    assignee: t.relation('assignee', { type: StaffMember, nullable: true, description: 'The picker walking this list.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    tasks: t.relation('tasks', { description: 'In route order.', query: { orderBy: [{ sequence: 'asc' }, { id: 'asc' }] } }),
    orders: t.field({
      type: [Order],
      select: (_args, _ctx, nested) => ({ tasks: { select: { order: nested(true) }, distinct: ['orderId'] } }),
      resolve: (list) => list.tasks.map((task) => task.order),
    }),
    progress: t.field({
      type: PickProgress,
      select: { tasks: { select: { quantity: true, quantityPicked: true, quantityShort: true } } },
      resolve: ({ tasks }) => ({
        tasks: tasks.length,
        tasksDone: tasks.filter((x) => x.quantityPicked + x.quantityShort === x.quantity).length,
        units: tasks.reduce((s, x) => s + x.quantity, 0),
        unitsPicked: tasks.reduce((s, x) => s + x.quantityPicked, 0),
        unitsShort: tasks.reduce((s, x) => s + x.quantityShort, 0),
      }),
    }),
  }),
});

const PickerProgress = builder
  .objectRef<{ assigneeId: string | null; lists: number; unitsPicked: number; unitsShort: number; unitsTotal: number }>('PickerProgress')
  .implement({
    authScopes: { permission: 'picking' },
    description: 'Picking done per picker (picker null: lists nobody was assigned to).',
    fields: (t) => ({
      picker: t.prismaField({
        type: StaffMember,
        nullable: true,
        resolve: (query, p, _args, ctx) => (p.assigneeId ? ctx.db.user.findUnique({ ...query, where: { id: p.assigneeId } }) : null),
      }),
      lists: t.exposeInt('lists'),
      unitsPicked: t.exposeInt('unitsPicked'),
      unitsShort: t.exposeInt('unitsShort'),
      unitsTotal: t.exposeInt('unitsTotal'),
    }),
  });

builder.queryFields((t) => ({
  pickList: t.prismaField({
    authScopes: { permission: 'picking' },
    type: PickList,
    nullable: true,
    args: { id: t.arg.globalID({ for: PickList }) },
    resolve: (query, _root, args, ctx) => ctx.db.pickList.findUnique({ ...query, where: { id: args.id.id } }),
  }),
  pickLists: t.prismaConnection({
    authScopes: { permission: 'picking' },
    type: PickList,
    cursor: 'id',
    description: 'Pick lists, newest first.',
    args: { status: t.arg({ type: [PickListStatusEnum], required: false }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.pickList.findMany({ ...query, where: args.status?.length ? { status: { in: args.status } } : {}, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
  pickerProgress: t.field({
    authScopes: { permission: 'picking' },
    type: [PickerProgress],
    description: 'Units picked per picker for lists created since the given time (default: the last 24 h).',
    args: { since: t.arg({ type: 'DateTime', required: false }) },
    resolve: (_root, args, ctx) => pickerProgress(ctx.db, args.since ?? new Date(ctx.now.getTime() - 24 * 3_600_000)),
  }),
}));

const PickListPayload = payloadType<{ pickListId: string; taskId: string; resolvedBy: string }>('PickListPayload', {
  fields: (t) => ({
    pickList: t.prismaField({
      type: PickList,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.pickListId ? ctx.db.pickList.findUnique({ ...query, where: { id: p.pickListId } }) : null),
    }),
    task: t.prismaField({
      type: PickTask,
      nullable: true,
      description: 'The task the scan or report applied to.',
      resolve: (query, p, _args, ctx) => (p.taskId ? ctx.db.pickTask.findUnique({ ...query, where: { id: p.taskId } }) : null),
    }),
    resolvedBy: t.field({ type: ShortPickResolutionEnum, nullable: true, resolve: (p) => (p.resolvedBy as 'OTHER_BIN' | 'HOLD' | undefined) ?? null }),
  }),
});

builder.mutationFields((t) => ({
  createPickList: t.field({
    authScopes: { permission: 'picking' },
    type: PickListPayload,
    description: 'Pick these confirmed orders, or the most urgent confirmed ones (by ship-by) up to batchSize. Orders move to PICKING.',
    args: {
      orderIds: t.arg.globalIDList({ for: Order, required: false, validate: z.array(z.any()).max(maxPickBatch) }),
      assigneeId: t.arg.globalID({ for: User, required: false, description: 'The picker; the caller when omitted (staff only).' }),
      batchSize: t.arg.int({ required: false, validate: z.number().int().min(1).max(maxPickBatch) }),
      warehouseCode: t.arg.string({ required: false }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'createPickList', args, (tx, actor) =>
        createPickList(tx, {
          orderIds: args.orderIds?.map((id) => id.id),
          batchSize: args.batchSize,
          warehouseCode: args.warehouseCode,
          assigneeId: args.assigneeId?.id ?? ctx.viewer?.userId ?? null,
          actor,
        }),
      ),
  }),
  assignPickList: t.field({
    type: PickListPayload,
    authScopes: { permission: 'picking' },
    description: 'Give the list to a picker (assigneeId null: unassign).',
    args: { pickListId: t.arg.globalID({ for: PickList }), assigneeId: t.arg.globalID({ for: User, required: false }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'assignPickList', args, (tx) => assignPickList(tx, { pickListId: args.pickListId.id, assigneeId: args.assigneeId?.id ?? null })),
  }),
  scanPick: t.field({
    authScopes: { permission: 'picking' },
    type: PickListPayload,
    description: 'The picker scanned an item (barcode or SKU), optionally at a bin. Wrong items and over-picks are refused.',
    args: {
      pickListId: t.arg.globalID({ for: PickList }),
      code: t.arg.string({ validate: z.string().trim().min(1).max(100) }),
      locationCode: t.arg.string({ required: false }),
      quantity: t.arg.int({ required: false, description: 'Units in this scan (default 1).' }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'scanPick', args, (tx, actor) =>
        scanPick(tx, { pickListId: args.pickListId.id, code: args.code, locationCode: args.locationCode, quantity: args.quantity, actor }),
      ),
  }),
  shortPick: t.field({
    authScopes: { permission: 'picking' },
    type: PickListPayload,
    description: 'Report the rest of a task missing at its bin: take it from another bin, or hold the order.',
    args: {
      pickListId: t.arg.globalID({ for: PickList }),
      taskId: t.arg.globalID({ for: PickTask }),
      resolution: t.arg({ type: ShortPickResolutionEnum }),
      note: t.arg.string({ required: false, validate: z.string().max(1000) }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'shortPick', args, (tx, actor) =>
        shortPick(tx, { pickListId: args.pickListId.id, taskId: args.taskId.id, resolution: args.resolution, note: args.note, actor }),
      ),
  }),
  completePickList: t.field({
    authScopes: { permission: 'picking' },
    type: PickListPayload,
    description: 'Finish the walk: fully picked orders move to PICKED (the packing queue).',
    args: { pickListId: t.arg.globalID({ for: PickList }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'completePickList', args, (tx, actor) => completePickList(tx, { pickListId: args.pickListId.id, actor })),
  }),
}));
