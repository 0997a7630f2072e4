// Buyer message templates in the buyer's language (zh-CN, ru, en). A message says only what the
// buyer needs to find the parcel — the order's number at the shop, the carrier, tracking numbers
// and links — never an address, phone or name (the buyer knows those; a forwarded mail leaks none).

export const buyerLocales = ['ru', 'zh-CN', 'en'] as const;
export type BuyerLocale = (typeof buyerLocales)[number];

const russianSpeaking = new Set(['RU', 'BY', 'KZ', 'KG', 'UZ', 'TJ', 'AM', 'AZ', 'MD']);
const chineseSpeaking = new Set(['CN', 'TW', 'HK', 'MO', 'SG']);

/** The language to write to a buyer in, from where the order goes (no language is stored with buyers). */
export function buyerLocale(countryCode: string | null | undefined): BuyerLocale {
  const code = (countryCode ?? '').toUpperCase();
  if (russianSpeaking.has(code)) return 'ru';
  if (chineseSpeaking.has(code)) return 'zh-CN';
  return 'en';
}

export interface ShippedMessageData {
  /** The order's reference as the buyer knows it (the marketplace's posting number, or our #number). */
  reference: string;
  carrier: string;
  trackingNumbers: string[];
  trackingUrls: string[];
}

export interface RenderedMessage {
  subject: string;
  text: string;
}

const texts: Record<BuyerLocale, { subject: (d: ShippedMessageData) => string; intro: string; carrier: string; numbers: string; track: string; outro: string }> = {
  ru: {
    subject: (d) => `Ваш заказ ${d.reference} отправлен`,
    intro: 'Здравствуйте! Ваш заказ передан в службу доставки.',
    carrier: 'Служба доставки',
    numbers: 'Трек-номер',
    track: 'Отследить посылку',
    outro: 'Спасибо за покупку!',
  },
  'zh-CN': {
    subject: (d) => `您的订单 ${d.reference} 已发货`,
    intro: '您好！您的订单已交给快递公司。',
    carrier: '快递公司',
    numbers: '运单号',
    track: '查询物流',
    outro: '感谢您的购买！',
  },
  en: {
    subject: (d) => `Your order ${d.reference} has shipped`,
    intro: 'Hello! Your order is on its way with the carrier.',
    carrier: 'Carrier',
    numbers: 'Tracking number',
    track: 'Track your parcel',
    outro: 'Thank you for your order!',
  },
};

/** The "your order has shipped" message in the buyer's language (plain text). */
export function renderShippedMessage(locale: BuyerLocale, data: ShippedMessageData): RenderedMessage {
  const t = texts[locale];
  const lines = [
    t.intro,
    '',
    `${t.carrier}: ${data.carrier}`,
    `${t.numbers}: ${data.trackingNumbers.join(', ')}`,
    ...(data.trackingUrls.length ? ['', `${t.track}:`, ...data.trackingUrls] : []),
    '',
    t.outro,
  ];
  return { subject: t.subject(data), text: lines.join('\n') };
}
