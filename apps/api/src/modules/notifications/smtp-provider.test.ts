// The SMTP channel against a real SMTP server started here (smtp-server, with authentication): the
// queued "shipped" notices arrive in the buyer's language, carry what the buyer needs and nothing
// more, and a refused send is retried later by the dispatcher.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createOrder } from '../../testing/fixtures.ts';
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

  it('is configured from SMTP_* (none without SMTP_HOST)', () => {
    const base = { SMTP_PORT: 587, SMTP_SECURE: false, SMTP_USER: undefined, SMTP_PASSWORD: undefined, SMTP_FROM: 'x@y.z' };
    expect(smtpNotifierFromConfig(database.prisma, { ...base, SMTP_HOST: undefined })).toBeNull();
    const configured = smtpNotifierFromConfig(database.prisma, { ...base, SMTP_HOST: '127.0.0.1' });
    expect(configured?.name).toBe('smtp');
    configured?.close();
  });
});
