// The buyer-data retention job: orders finished more than N days ago lose the buyer's personal
// data but keep their facts; customers follow once none of their orders needs the data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderStatus } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createOrder } from '../../testing/fixtures.ts';
import { startInProcessRunner } from '../jobs/in-process-runner.ts';
import { orderlyTasks } from '../jobs/tasks.ts';
import { LoggingNotifier } from '../notifications/notifier.ts';
import { ANONYMIZED, anonymizeExpiredPii } from './retention.service.ts';

const DAY = 86_400_000;

describe('buyer-data retention', () => {
  let database: TestDatabase;
  const now = new Date();

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  async function finishedOrder(status: OrderStatus, daysAgo: number, customerId: string) {
    const order = await createOrder(database.prisma, { status });
    const at = new Date(now.getTime() - daysAgo * DAY);
    await database.prisma.order.update({
      where: { id: order.id },
      data: {
        customerId,
        shipRegion: 'Москва',
        shipAddress2: 'подъезд 2',
        completedAt: status === 'COMPLETED' ? at : null,
        cancelledAt: status === 'CANCELLED' ? at : null,
      },
    });
    if (status === 'RETURNED') await database.prisma.$executeRaw`UPDATE "Order" SET "updatedAt" = ${at} WHERE id = ${order.id}::uuid`;
    return order;
  }

  it('anonymises orders finished more than 90 days ago, keeping their facts, with a timeline event', async () => {
    const old = await database.prisma.customer.create({
      data: {
        channel: 'ozon',
        externalId: 'buyer-old',
        name: 'Иван Петров',
        phone: '+7 901 222-33-44',
        email: 'ivan@example.ru',
        createdAt: new Date(now.getTime() - 200 * DAY),
      },
    });
    const recent = await database.prisma.customer.create({
      data: { channel: 'ozon', externalId: 'buyer-new', name: 'Ольга Морозова', createdAt: new Date(now.getTime() - 200 * DAY) },
    });
    const completedLongAgo = await finishedOrder('COMPLETED', 120, old.id);
    const cancelledLongAgo = await finishedOrder('CANCELLED', 91, old.id);
    const returnedLongAgo = await finishedOrder('RETURNED', 100, old.id);
    const completedRecently = await finishedOrder('COMPLETED', 30, recent.id);
    const completedLongAgoToo = await finishedOrder('COMPLETED', 150, recent.id);
    const openOrder = await createOrder(database.prisma, { status: 'NEW' });
    await database.prisma.review.create({
      data: { channel: 'ozon', externalId: 'r-1', orderId: completedLongAgo.id, rating: 5, authorName: 'Иван П.', publishedAt: now },
    });

    const carrier = await database.prisma.carrier.create({ data: { code: 'cdek-retention', name: 'CDEK' } });
    const trackingFor = async (orderId: string, number: string) => {
      const shipment = await database.prisma.shipment.create({ data: { orderId, carrierId: carrier.id } });
      const tracking = await database.prisma.trackingNumber.create({ data: { shipmentId: shipment.id, carrierId: carrier.id, number } });
      return database.prisma.trackingEvent.create({
        data: {
          shipmentId: shipment.id,
          trackingNumberId: tracking.id,
          carrierId: carrier.id,
          status: 'DELIVERED',
          occurredAt: new Date(now.getTime() - 125 * DAY),
          location: 'Москва',
          message: 'Вручено: Петров И.',
          actor: 'system',
        },
      });
    };
    const oldEvent = await trackingFor(completedLongAgo.id, 'RT-OLD');
    const recentEvent = await trackingFor(completedRecently.id, 'RT-NEW');

    const result = await anonymizeExpiredPii(database.prisma, { now, retentionDays: 90 });
    expect(result).toMatchObject({ orders: 4, customers: 1 });
    // The carrier's words may name the buyer: cleared with the order, the event's facts kept.
    expect(await database.prisma.trackingEvent.findUniqueOrThrow({ where: { id: oldEvent.id } })).toMatchObject({
      message: null,
      status: 'DELIVERED',
      location: 'Москва',
    });
    expect(await database.prisma.trackingEvent.findUniqueOrThrow({ where: { id: recentEvent.id } })).toMatchObject({ message: 'Вручено: Петров И.' });

    for (const id of [completedLongAgo.id, cancelledLongAgo.id, returnedLongAgo.id, completedLongAgoToo.id]) {
      const order = await database.prisma.order.findUniqueOrThrow({ where: { id }, include: { lines: true, events: true } });
      expect(order).toMatchObject({
        shipName: ANONYMIZED,
        shipPhone: null,
        shipAddress1: ANONYMIZED,
        shipAddress2: null,
        shipPostalCode: '',
        shipCity: 'Москва',
        shipRegion: 'Москва',
        shipCountryCode: 'RU',
        piiAnonymizedAt: now,
      });
      const before = [completedLongAgo, cancelledLongAgo, returnedLongAgo, completedLongAgoToo].find((o) => o.id === id)!;
      expect(order.totalAmount).toBe(before.totalAmount);
      expect(order.lines.map((l) => [l.sku, l.quantity])).toEqual(before.lines.map((l) => [l.sku, l.quantity]));
      expect(order.events.map((e) => e.type)).toEqual(['PII_ANONYMIZED']);
      expect(order.events[0]).toMatchObject({ actor: 'system', data: { retentionDays: 90 } });
    }
    for (const id of [completedRecently.id, openOrder.id]) {
      const order = await database.prisma.order.findUniqueOrThrow({ where: { id } });
      expect(order).toMatchObject({ shipName: 'Анна Смирнова', shipPhone: '+7 900 000-00-00', piiAnonymizedAt: null });
    }
    expect(await database.prisma.review.findFirstOrThrow({ where: { orderId: completedLongAgo.id } })).toMatchObject({ authorName: null, rating: 5 });

    // The customer whose every order is anonymised loses their data too; the other still has a recent order.
    expect(await database.prisma.customer.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({
      name: ANONYMIZED,
      phone: null,
      email: null,
      externalId: null,
      anonymizedAt: now,
    });
    expect(await database.prisma.customer.findUniqueOrThrow({ where: { id: recent.id } })).toMatchObject({ name: 'Ольга Морозова', anonymizedAt: null });

    // A second run finds nothing more to do.
    expect(await anonymizeExpiredPii(database.prisma, { now, retentionDays: 90 })).toMatchObject({ orders: 0, customers: 0 });
  });

  it('is run by an admin through the API; anonymised orders read as such, unaudited', async () => {
    const customer = await database.prisma.customer.create({
      data: { name: 'Сергей Новиков', phone: '+7 902 333-44-55', createdAt: new Date(now.getTime() - 400 * DAY) },
    });
    const order = await finishedOrder('COMPLETED', 40, customer.id);
    const admin = createTestClient(database.prisma);
    const r = await admin(`mutation { runPiiRetention(retentionDays: 30) { ordersAnonymized customersAnonymized cutoff } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.runPiiRetention.ordersAnonymized).toBeGreaterThanOrEqual(1);

    const auditBefore = await database.prisma.auditLog.count();
    const id = Buffer.from(`Order:${order.id}`).toString('base64');
    const read = await admin(
      `query($id: ID!) { order(id: $id) { piiAnonymizedAt total { minorUnits } buyer { name phone masked } shippingAddress { name phone city masked } timeline(first: 5) { edges { node { type actor } } } } }`,
      { id },
    );
    expect(read.data.order).toMatchObject({
      buyer: { name: ANONYMIZED, phone: null, masked: false },
      shippingAddress: { name: ANONYMIZED, phone: null, city: 'Москва', masked: false },
      total: { minorUnits: order.totalAmount },
    });
    expect(read.data.order.piiAnonymizedAt).not.toBeNull();
    expect(read.data.order.timeline.edges.map((e: any) => e.node)).toEqual([{ type: 'PII_ANONYMIZED', actor: (await admin.ready).actor }]);
    expect(await database.prisma.auditLog.count()).toBe(auditBefore);

    const manager = createTestClient(database.prisma, { roles: ['MANAGER'] });
    expect((await manager(`mutation { runPiiRetention { ordersAnonymized } }`)).errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('runs daily at 03:00 UTC as the pii.retention job, logging counts only', async () => {
    const customer = await database.prisma.customer.create({ data: { name: 'Мария Лебедева' } });
    const order = await finishedOrder('CANCELLED', 365, customer.id);
    const lines: string[] = [];
    let clock = new Date('2026-12-05T03:30:00Z');
    const tasks = orderlyTasks({ notifier: new LoggingNotifier(() => {}), config: { worker: true, piiRetention: true, outboxRetentionDays: 30 } });
    // Today's 03:00 run was missed while the server was down: caught up at start.
    const runner = startInProcessRunner(
      database.prisma,
      tasks.filter((t) => t.name === 'pii.retention'),
      { log: (l) => lines.push(l), now: () => clock, pollMs: 3_600_000 },
    );
    try {
      await runner.tick();
      expect((await database.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).piiAnonymizedAt).not.toBeNull();
      expect(lines.join('\n')).toMatch(/anonymised buyer data of \d+ orders/);
      expect(lines.join('\n')).not.toMatch(/Мария|Анна/);

      // Not again until the next 03:00.
      const next = await finishedOrder('CANCELLED', 365, customer.id);
      clock = new Date('2026-12-05T10:00:00Z');
      await runner.tick();
      expect((await database.prisma.order.findUniqueOrThrow({ where: { id: next.id } })).piiAnonymizedAt).toBeNull();
      clock = new Date('2026-12-06T03:00:05Z');
      await runner.tick();
      expect((await database.prisma.order.findUniqueOrThrow({ where: { id: next.id } })).piiAnonymizedAt).not.toBeNull();
    } finally {
      await runner.stop();
    }
  });
});
