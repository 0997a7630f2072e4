// E-mail over SMTP (nodemailer): a real channel for buyer notifications. Configured by SMTP_HOST,
// SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASSWORD and SMTP_FROM (core/config.ts); without
// SMTP_HOST the logging provider stays in place. The buyer's address is looked up when sending
// and goes only to the SMTP server, never into logs or the timeline.
import { createRequire } from 'node:module';
import type { Db } from '@orderly/schema';
import type * as Nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { type Config, config } from '../../core/config.ts';
import { logLines } from '../../core/observability/logger.ts';
import type { BuyerNotice, BuyerNotifier } from './notifier.ts';
import { buyerLocale, renderBuyerMessage } from './templates.ts';

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string | null;
  password?: string | null;
  /** The sender, e.g. `Shop <orders@shop.example>`. */
  from: string;
}

export class SmtpNotifier implements BuyerNotifier {
  readonly name = 'smtp';
  private readonly transport: Transporter;

  constructor(
    private readonly db: Db,
    private readonly settings: SmtpSettings,
    private readonly log: (line: string) => void = logLines('notify'),
  ) {
    // nodemailer is loaded by the first SMTP provider, not at boot: a process without SMTP_HOST
    // never holds it (idle RSS, issue 11).
    const nodemailer = createRequire(import.meta.url)('nodemailer') as typeof Nodemailer;
    this.transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  async send(notice: BuyerNotice): Promise<void> {
    const order = await this.db.order.findUnique({
      where: { number: notice.orderNumber },
      select: { shipCountryCode: true, customer: { select: { email: true } } },
    });
    const to = order?.customer?.email;
    if (!to) {
      // Nobody to write to: the marketplace channel reaches this buyer (no contact data in the log).
      this.log(`[notify] order #${notice.orderNumber}: no buyer e-mail, nothing sent by e-mail`);
      return;
    }
    const message = renderBuyerMessage(buyerLocale(order.shipCountryCode), notice.template, {
      reference: notice.externalId ?? `#${notice.orderNumber}`,
      carrier: notice.carrier,
      trackingNumbers: notice.trackingNumbers,
      trackingUrls: notice.trackingUrls,
      expectedDeliveryAt: notice.expectedDeliveryAt,
      pickupPoint: notice.pickupPoint,
    });
    await this.transport.sendMail({
      from: this.settings.from,
      to,
      subject: message.subject,
      text: message.text,
      // The outbox event id: a resend after a lost answer carries the same id, so mail systems can drop it.
      messageId: `<${notice.eventId}@orderly.notifications>`,
    });
    this.log(`[notify] order #${notice.orderNumber}: ${notice.template} notice e-mailed`);
  }

  close() {
    this.transport.close();
  }
}

/** The SMTP provider when SMTP_HOST is configured, else null (the logging provider is used). */
export function smtpNotifierFromConfig(db: Db, settings: Pick<Config, 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASSWORD' | 'SMTP_FROM'> = config) {
  if (!settings.SMTP_HOST) return null;
  return new SmtpNotifier(db, {
    host: settings.SMTP_HOST,
    port: settings.SMTP_PORT,
    secure: settings.SMTP_SECURE,
    user: settings.SMTP_USER,
    password: settings.SMTP_PASSWORD,
    from: settings.SMTP_FROM,
  });
}
