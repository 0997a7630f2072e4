// The SMTP channel against a real SMTP server started here (smtp-server, with authentication): the
// queued notices ("shipped", and contactBuyer's templates) arrive in the buyer's language, carry
// what the buyer needs and nothing more, and a refused send is retried later by the dispatcher,
// showing on Order.notifications and the timeline meanwhile.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createOrder } from '../../testing/fixtures.ts';
import { createTestClient } from '../../testing/graphql-client.ts';
import { openException } from '../exceptions/exceptions.service.ts';
import { createShippedOrder } from '../tracking/tracking.fixtures.ts';
import { recordOutboxEvent } from '../webhooks/outbox.service.ts';
import { dispatchBuyerNotifications } from './notifier.ts';
import { SmtpNotifier, smtpNotifierFromConfig } from './smtp-provider.ts';

describe('SMTP buyer notifications', () => {
  let database: TestDatabase;
  let server: SMTPServer;
  let port: number;
  const received: { envelopeTo: string[]; user: string | undefined; mail: ParsedMail }[] = [];
  const refuse = new Set<string>();
  const quiet = () => {};

  beforeAll(async () => {
    database = await createTestDatabase();
    server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'shop' && auth.password === 's3cret') callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onRcptTo(address, _session, callback) {
        if (refuse.has(address.address)) callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 450 }));
        else callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), user: session.user as string | undefined, mail });
            callback();
          })
          .catch(callback);
      },
      logger: false,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.drop();
  });

  /** An order shipped to `country` whose buyer has `email`, with its "shipped" notice queued as shipOrder queues it. */
  async function shippedOrder(country: string, email: string | null, externalId: string | null) {
    const order = await createOrder(database.prisma, { status: 'SHIPPED' });
    const customer = await database.prisma.customer.create({ data: { name: 'Анна Смирнова', email, phone: '+7 900 000-00-00', channel: 'ozon' } });
    await database.prisma.order.update({ where: { id: order.id }, data: { customerId: customer.id, shipCountryCode: country, externalId, channel: 'ozon' } });
    await database.prisma.$transaction((tx) =>
      recordOutboxEvent(tx, {
        type: 'notification.order_shipped',
        aggregateType: 'Order',
        aggregateId: order.id,
        payload: {
          orderId: order.id,
          number: order.number,
          channel: 'ozon',
          externalId,
          carrier: 'СДЭК',
          trackingNumbers: [`CDEK${order.number}77`],
          trackingUrls: [`https://cdek.example/track/CDEK${order.number}77`],
        },
      }),
    );
    return order;
  }

  const notifier = (password = 's3cret') =>
    new SmtpNotifier(database.prisma, { host: '127.0.0.1', port, secure: false, user: 'shop', password, from: 'Shop <orders@shop.example>' }, quiet);

  it('e-mails each buyer in their language with the tracking details and no personal data', async () => {
    const ru = await shippedOrder('RU', 'anna@example.ru', '87215400-0001-1');
    const cn = await shippedOrder('CN', 'li@example.cn', null);
    const de = await shippedOrder('DE', 'max@example.de', 'DE-1');
    const noEmail = await shippedOrder('RU', null, null);
    const smtp = notifier();
    expect(await dispatchBuyerNotifications(database.prisma, smtp, 10)).toBe(4);
    smtp.close();

    const byRecipient = new Map(received.map((r) => [r.envelopeTo.join(','), r]));
    expect([...byRecipient.keys()].sort()).toEqual(['anna@example.ru', 'li@example.cn', 'max@example.de']);
    for (const r of received) {
      expect(r.user).toBe('shop'); // the configured credentials were used
      expect(r.mail.from?.value).toEqual([{ name: 'Shop', address: 'orders@shop.example' }]);
      expect(r.mail.messageId).toMatch(/^<[0-9a-f-]{36}@orderly\.notifications>$/);
    }
    const ruMail = byRecipient.get('anna@example.ru')!.mail;
    expect(ruMail.subject).toBe('Ваш заказ 87215400-0001-1 отправлен');
    expect(ruMail.text).toContain(`Трек-номер: CDEK${ru.number}77`);
    expect(ruMail.text).toContain(`https://cdek.example/track/CDEK${ru.number}77`);
    expect(byRecipient.get('li@example.cn')!.mail.subject).toBe(`您的订单 #${cn.number} 已发货`);
    expect(byRecipient.get('li@example.cn')!.mail.text).toContain(`运单号: CDEK${cn.number}77`);
    expect(byRecipient.get('max@example.de')!.mail.subject).toBe('Your order DE-1 has shipped');
    expect(byRecipient.get('max@example.de')!.mail.text).toContain(`Tracking number: CDEK${de.number}77`);

    // Nothing beyond what the buyer needs: no name, phone, street, postal code, internal ids.
    for (const r of received) {
      const everything = `${r.mail.subject}\n${r.mail.text}\n${r.mail.html || ''}`;
      for (const secret of ['Анна', 'Смирнова', '+7 900', 'Тверская', '101000', ru.id, cn.id, de.id]) expect(everything).not.toContain(secret);
    }
    // Each sent notice is on its order's timeline once, naming the channel.
    const notified = await database.prisma.orderEvent.findMany({ where: { type: 'BUYER_NOTIFIED' } });
    expect(notified.map((e) => e.orderId).sort()).toEqual([ru.id, cn.id, de.id, noEmail.id].sort());
    expect(new Set(notified.map((e) => (e.data as { via: string }).via))).toEqual(new Set(['smtp']));
  });

  it('a refused or unauthenticated send is retried later, not lost', async () => {
    received.length = 0;
    refuse.add('busy@example.ru');
    const order = await shippedOrder('RU', 'busy@example.ru', null);
    expect(await dispatchBuyerNotifications(database.prisma, notifier(), 10)).toBe(0);
    const event = await database.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: order.id, type: 'notification.order_shipped' } });
    expect(event).toMatchObject({ dispatchedAt: null, notificationAttempts: 1 });

    refuse.delete('busy@example.ru');
    // Wrong password: refused by the server, retried again later.
    const later = () => new Date(Date.now() + 10 * 60_000);
    expect(await dispatchBuyerNotifications(database.prisma, notifier('wrong'), 10, later)).toBe(0);
    expect(received).toEqual([]);
    const muchLater = () => new Date(Date.now() + 60 * 60_000);
    expect(await dispatchBuyerNotifications(database.prisma, notifier(), 10, muchLater)).toBe(1);
    expect(received.map((r) => r.envelopeTo)).toEqual([['busy@example.ru']]);
  });

  /** A shipped order of a buyer in `country` with `email`, with a DELAYED exception open on it. */
  async function delayedOrder(country: string, email: string) {
    const db = database.prisma;
    const { order, numbers } = await createShippedOrder(db, { status: 'IN_TRANSIT' });
    const customer = await db.customer.create({ data: { name: 'Анна Смирнова', email, phone: '+7 900 000-00-00', channel: 'ozon' } });
    const expectedDeliveryAt = new Date('2026-11-20T12:00:00Z');
    await db.order.update({ where: { id: order.id }, data: { customerId: customer.id, shipCountryCode: country, expectedDeliveryAt } });
    const { exceptionId } = await db.$transaction((tx) => openException(tx, { orderId: order.id, kind: 'DELAYED', source: 'manual', actor: 'user:test' }));
    return { order, numbers, exceptionId };
  }
  const CONTACT = `mutation($order: ID, $exception: ID, $template: ContactBuyerTemplate!, $key: String) {
    contactBuyer(orderId: $order, exceptionId: $exception, template: $template, idempotencyKey: $key) {
      order { number } notification { id kind template status attempts } userErrors { code field message }
    }
  }`;
  const NOTIFICATIONS = `query($id: ID!) { node(id: $id) { ... on Order { notifications { id kind template status attempts nextAttemptAt lastError sentAt } } } }`;

  it('contactBuyer queues a templated notice once per key, on the timeline; failed sends show on the order until the server accepts', async () => {
    const db = database.prisma;
    received.length = 0;
    const support = createTestClient(db, { roles: ['SUPPORT'] });
    const { order, numbers, exceptionId } = await delayedOrder('RU', 'late@example.ru');
    const variables = { exception: encodeGlobalID('DeliveryException', exceptionId), template: 'DELIVERY_DELAYED', key: 'contact-late-0001' };
    const first = await support(CONTACT, variables);
    expect(first.data.contactBuyer).toMatchObject({
      order: { number: order.number },
      notification: { kind: 'DELIVERY_DELAYED', template: 'DELIVERY_DELAYED', status: 'QUEUED', attempts: 0 },
      userErrors: [],
    });
    const replay = await support(CONTACT, variables);
    expect(replay.data.contactBuyer.notification.id).toBe(first.data.contactBuyer.notification.id);
    expect(await db.outboxEvent.count({ where: { aggregateId: order.id, type: 'notification.delivery_delayed' } })).toBe(1);
    const queued = await db.orderEvent.findMany({ where: { orderId: order.id, type: 'NOTIFICATION_QUEUED' } });
    expect(queued.map((e) => [e.actor.startsWith('user:'), e.data])).toEqual([
      [true, { exceptionId, notificationId: first.data.contactBuyer.notification.id, kind: 'DELIVERY_DELAYED', template: 'DELIVERY_DELAYED' }],
    ]);

    // The server refuses the mailbox twice: retrying, shown on the order, one timeline entry.
    refuse.add('late@example.ru');
    const clock = { at: Date.now() };
    const now = () => new Date(clock.at);
    const smtp = notifier();
    expect(await dispatchBuyerNotifications(db, smtp, 10, now)).toBe(0);
    clock.at += 2 * 60_000;
    expect(await dispatchBuyerNotifications(db, smtp, 10, now)).toBe(0);
    const failing = (await support(NOTIFICATIONS, { id: encodeGlobalID('Order', order.id) })).data.node.notifications;
    expect(failing).toEqual([
      {
        id: first.data.contactBuyer.notification.id,
        kind: 'DELIVERY_DELAYED',
        template: 'DELIVERY_DELAYED',
        status: 'FAILED_RETRYING',
        attempts: 2,
        nextAttemptAt: new Date(clock.at + 5 * 60_000).toISOString(),
        lastError: expect.stringMatching(/^Error EENVELOPE/),
        sentAt: null,
      },
    ]);
    expect(failing[0].lastError).not.toContain('late@example.ru');
    const failed = await db.orderEvent.findMany({ where: { orderId: order.id, type: 'NOTIFICATION_FAILED' } });
    expect(failed.map((e) => e.data)).toEqual([
      expect.objectContaining({ kind: 'DELIVERY_DELAYED', via: 'smtp', notificationId: first.data.contactBuyer.notification.id }),
    ]);
    expect(JSON.stringify(failed)).not.toContain('late@example.ru');

    // Accepted at the next attempt: sent, in Russian, with the estimate and nothing personal.
    refuse.delete('late@example.ru');
    clock.at += 5 * 60_000;
    expect(await dispatchBuyerNotifications(db, smtp, 10, now)).toBe(1);
    smtp.close();
    const [mail] = received.map((r) => r.mail);
    expect(mail!.subject).toBe(`Доставка заказа ${order.externalId} задерживается`);
    expect(mail!.text).toContain(`Трек-номер: ${numbers[0]}`);
    expect(mail!.text).toContain('Ожидаемая дата доставки: 2026-11-20');
    for (const secret of ['Анна', 'Смирнова', '+7 900', order.id, exceptionId]) expect(`${mail!.subject}\n${mail!.text}`).not.toContain(secret);
    const sent = (await support(NOTIFICATIONS, { id: encodeGlobalID('Order', order.id) })).data.node.notifications;
    expect(sent).toEqual([expect.objectContaining({ status: 'SENT', attempts: 2, nextAttemptAt: null, sentAt: new Date(clock.at).toISOString() })]);
    const timeline = await db.orderEvent.findMany({
      where: { orderId: order.id, type: { in: ['NOTIFICATION_QUEUED', 'NOTIFICATION_FAILED', 'BUYER_NOTIFIED'] } },
      orderBy: { createdAt: 'asc' },
    });
    expect(timeline.map((e) => e.type)).toEqual(['NOTIFICATION_QUEUED', 'NOTIFICATION_FAILED', 'BUYER_NOTIFIED']);
  });

  it('writes every template in the buyer’s language', async () => {
    const db = database.prisma;
    received.length = 0;
    const support = createTestClient(db, { roles: ['SUPPORT'] });
    const cn = await delayedOrder('CN', 'wang@example.cn');
    const en = await delayedOrder('US', 'sam@example.com');
    for (const template of ['PICKUP_REMINDER', 'CLAIM_UPDATE', 'DELIVERY_CHECK', 'ADDRESS_CHECK']) {
      for (const o of [cn, en]) expect((await support(CONTACT, { order: encodeGlobalID('Order', o.order.id), template })).data.contactBuyer.userErrors).toEqual([]);
    }
    const smtp = notifier();
    expect(await dispatchBuyerNotifications(db, smtp, 20)).toBe(8);
    smtp.close();
    const subjects = (to: string) => received.filter((r) => r.envelopeTo[0] === to).map((r) => r.mail.subject);
    expect(subjects('wang@example.cn')).toEqual([
      `您的订单 ${cn.order.externalId} 已到达自提点`,
      `关于您的订单 ${cn.order.externalId} 的最新进展`,
      `您收到订单 ${cn.order.externalId} 了吗？`,
      `订单 ${cn.order.externalId} 配送需要您的协助`,
    ]);
    expect(subjects('sam@example.com')).toEqual([
      `Your order ${en.order.externalId} is waiting at the pickup point`,
      `News about your order ${en.order.externalId}`,
      `Did you receive your order ${en.order.externalId}?`,
      `Your order ${en.order.externalId}: the carrier needs your help`,
    ]);
  });

  it('RESHIP_SENT names the reship’s parcels, not the lost ones', async () => {
    const db = database.prisma;
    received.length = 0;
    const support = createTestClient(db, { roles: ['SUPPORT'] });
    const { order, numbers, exceptionId } = await delayedOrder('RU', 'again@example.ru');
    const reship = await createShippedOrder(db, { numbers: [`RESHIP-${order.number}`] });
    await db.exceptionCase.update({ where: { id: exceptionId }, data: { reshipOrderId: reship.order.id } });
    const result = await support(CONTACT, { exception: encodeGlobalID('DeliveryException', exceptionId), template: 'RESHIP_SENT' });
    expect(result.data.contactBuyer).toMatchObject({ notification: { kind: 'RESHIP_SENT', status: 'QUEUED' }, userErrors: [] });
    const smtp = notifier();
    expect(await dispatchBuyerNotifications(db, smtp, 10)).toBe(1);
    smtp.close();
    const [mail] = received.map((r) => r.mail);
    expect(mail!.subject).toBe(`Мы повторно отправили ваш заказ ${order.externalId}`);
    expect(mail!.text).toContain(`Трек-номер: RESHIP-${order.number}`);
    expect(mail!.text).not.toContain(numbers[0]);
  });

  it('contactBuyer refuses bad input with nothing written', async () => {
    const db = database.prisma;
    const support = createTestClient(db, { roles: ['SUPPORT'] });
    const { order, exceptionId } = await delayedOrder('RU', 'x@example.ru');
    const notShipped = await createOrder(db, { status: 'PACKED' });
    const before = await db.outboxEvent.count({ where: { type: { startsWith: 'notification.' } } });
    const errors = async (variables: Record<string, unknown>) => (await support(CONTACT, { template: 'DELIVERY_CHECK', ...variables })).data.contactBuyer.userErrors;
    expect(await errors({})).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['orderId'] })]);
    expect(await errors({ order: encodeGlobalID('Order', order.id), exception: encodeGlobalID('DeliveryException', exceptionId) })).toEqual([
      expect.objectContaining({ code: 'INVALID_INPUT', field: ['orderId'] }),
    ]);
    expect(await errors({ order: encodeGlobalID('Order', notShipped.id) })).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION', field: ['orderId'] })]);
    expect(await errors({ order: encodeGlobalID('Order', order.id), template: 'RESHIP_SENT' })).toEqual([
      expect.objectContaining({ code: 'INVALID_INPUT', field: ['template'] }),
    ]);
    const picker = createTestClient(db, { roles: ['PICKER'] });
    expect((await picker(CONTACT, { order: encodeGlobalID('Order', order.id), template: 'DELIVERY_CHECK' })).errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await db.outboxEvent.count({ where: { type: { startsWith: 'notification.' } } })).toBe(before);
    expect(await db.orderEvent.count({ where: { orderId: { in: [order.id, notShipped.id] }, type: 'NOTIFICATION_QUEUED' } })).toBe(0);
  });

  it('is configured from SMTP_* (none without SMTP_HOST)', () => {
    const base = { SMTP_PORT: 587, SMTP_SECURE: false, SMTP_USER: undefined, SMTP_PASSWORD: undefined, SMTP_FROM: 'x@y.z' };
    expect(smtpNotifierFromConfig(database.prisma, { ...base, SMTP_HOST: undefined })).toBeNull();
    const configured = smtpNotifierFromConfig(database.prisma, { ...base, SMTP_HOST: '127.0.0.1' });
    expect(configured?.name).toBe('smtp');
    configured?.close();
  });
});
