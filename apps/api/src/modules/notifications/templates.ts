// Buyer message templates in the buyer's language (zh-CN, ru, en). A message says only what the
// buyer needs to find the parcel — the order's number at the shop, the carrier, tracking numbers
// and links, the carrier's estimate, the pickup point — never an address, phone or name (the buyer
// knows those; a forwarded mail leaks none).

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

/**
 * Every message a buyer may get. The first five are notice kinds of their own; DELIVERY_CHECK
 * ("did it arrive?") and ADDRESS_CHECK ("the carrier could not deliver") are free messages staff
 * send with contactBuyer (kind CONTACT_BUYER).
 */
export const buyerTemplates = [
  'ORDER_SHIPPED',
  'DELIVERY_DELAYED',
  'PICKUP_REMINDER',
  'CLAIM_UPDATE',
  'RESHIP_SENT',
  'DELIVERY_CHECK',
  'ADDRESS_CHECK',
  // A negative review's follow-up (modules/reviews: contactReviewBuyer).
  'REVIEW_FOLLOW_UP',
] as const;
export type BuyerTemplate = (typeof buyerTemplates)[number];

export interface BuyerMessageData {
  /** The order's reference as the buyer knows it (the marketplace's posting number, or our #number). */
  reference: string;
  carrier: string | null;
  trackingNumbers: string[];
  trackingUrls: string[];
  /** The carrier's delivery estimate (ISO), when it has one. */
  expectedDeliveryAt?: string | null;
  /** Where the parcel waits, as the carrier names the pickup point. */
  pickupPoint?: string | null;
}

export interface RenderedMessage {
  subject: string;
  text: string;
}

interface Texts {
  carrier: string;
  numbers: string;
  track: string;
  expected: string;
  pickupPoint: string;
  outro: string;
  messages: Record<BuyerTemplate, { subject: (reference: string) => string; intro: string }>;
}

const texts: Record<BuyerLocale, Texts> = {
  ru: {
    carrier: 'Служба доставки',
    numbers: 'Трек-номер',
    track: 'Отследить посылку',
    expected: 'Ожидаемая дата доставки',
    pickupPoint: 'Пункт выдачи',
    outro: 'Спасибо за покупку!',
    messages: {
      ORDER_SHIPPED: { subject: (r) => `Ваш заказ ${r} отправлен`, intro: 'Здравствуйте! Ваш заказ передан в службу доставки.' },
      DELIVERY_DELAYED: {
        subject: (r) => `Доставка заказа ${r} задерживается`,
        intro: 'Здравствуйте! К сожалению, доставка вашего заказа занимает больше времени, чем ожидалось. Мы связались со службой доставки и сообщим вам новости.',
      },
      PICKUP_REMINDER: {
        subject: (r) => `Ваш заказ ${r} ждёт вас в пункте выдачи`,
        intro: 'Здравствуйте! Ваш заказ ждёт вас в пункте выдачи. Пожалуйста, заберите его: по истечении срока хранения посылка вернётся отправителю.',
      },
      CLAIM_UPDATE: {
        subject: (r) => `Новости по вашему заказу ${r}`,
        intro: 'Здравствуйте! Мы подали претензию в службу доставки по вашей посылке и сообщим вам о её результате.',
      },
      RESHIP_SENT: { subject: (r) => `Мы повторно отправили ваш заказ ${r}`, intro: 'Здравствуйте! Мы отправили вам замену. Новая посылка уже в пути.' },
      DELIVERY_CHECK: {
        subject: (r) => `Вы получили заказ ${r}?`,
        intro: 'Здравствуйте! Мы проверяем доставку вашего заказа. Пожалуйста, сообщите нам, получили ли вы его.',
      },
      ADDRESS_CHECK: {
        subject: (r) => `Доставка заказа ${r}: нужна ваша помощь`,
        intro: 'Здравствуйте! Службе доставки не удалось доставить ваш заказ. Пожалуйста, свяжитесь со службой доставки по трек-номеру, чтобы договориться о доставке.',
      },
      REVIEW_FOLLOW_UP: {
        subject: (r) => `Ваш отзыв о заказе ${r}`,
        intro: 'Здравствуйте! Нам жаль, что заказ вас разочаровал. Ответьте, пожалуйста, на это письмо: расскажите, что случилось, и мы постараемся всё исправить.',
      },
    },
  },
  'zh-CN': {
    carrier: '快递公司',
    numbers: '运单号',
    track: '查询物流',
    expected: '预计送达日期',
    pickupPoint: '自提点',
    outro: '感谢您的购买！',
    messages: {
      ORDER_SHIPPED: { subject: (r) => `您的订单 ${r} 已发货`, intro: '您好！您的订单已交给快递公司。' },
      DELIVERY_DELAYED: { subject: (r) => `您的订单 ${r} 配送延迟`, intro: '您好！很抱歉，您的订单配送时间比预期更长。我们已联系快递公司，有进展会及时通知您。' },
      PICKUP_REMINDER: { subject: (r) => `您的订单 ${r} 已到达自提点`, intro: '您好！您的包裹正在自提点等您领取。请尽快取件：超过保管期限的包裹将退回寄件人。' },
      CLAIM_UPDATE: { subject: (r) => `关于您的订单 ${r} 的最新进展`, intro: '您好！我们已就您的包裹向快递公司提出索赔，结果出来后会通知您。' },
      RESHIP_SENT: { subject: (r) => `我们已为您的订单 ${r} 重新发货`, intro: '您好！我们已为您补发了一个新包裹，正在运输中。' },
      DELIVERY_CHECK: { subject: (r) => `您收到订单 ${r} 了吗？`, intro: '您好！我们正在核实您订单的配送情况。请告诉我们您是否已收到。' },
      ADDRESS_CHECK: { subject: (r) => `订单 ${r} 配送需要您的协助`, intro: '您好！快递公司未能成功派送您的订单。请凭运单号联系快递公司安排派送。' },
      REVIEW_FOLLOW_UP: { subject: (r) => `关于您对订单 ${r} 的评价`, intro: '您好！很抱歉这次购物没有让您满意。请回复此邮件告诉我们发生了什么，我们会尽力为您解决。' },
    },
  },
  en: {
    carrier: 'Carrier',
    numbers: 'Tracking number',
    track: 'Track your parcel',
    expected: 'Expected delivery',
    pickupPoint: 'Pickup point',
    outro: 'Thank you for your order!',
    messages: {
      ORDER_SHIPPED: { subject: (r) => `Your order ${r} has shipped`, intro: 'Hello! Your order is on its way with the carrier.' },
      DELIVERY_DELAYED: {
        subject: (r) => `Delivery of your order ${r} is delayed`,
        intro: 'Hello! We are sorry: your order is taking longer to arrive than expected. We are in touch with the carrier and will keep you posted.',
      },
      PICKUP_REMINDER: {
        subject: (r) => `Your order ${r} is waiting at the pickup point`,
        intro: 'Hello! Your parcel is waiting for you at the pickup point. Please collect it soon: parcels not collected in time go back to the sender.',
      },
      CLAIM_UPDATE: {
        subject: (r) => `News about your order ${r}`,
        intro: 'Hello! We have filed a claim with the carrier about your parcel and will let you know the outcome.',
      },
      RESHIP_SENT: { subject: (r) => `We have sent your order ${r} again`, intro: 'Hello! We have sent you a replacement parcel; it is on its way.' },
      DELIVERY_CHECK: {
        subject: (r) => `Did you receive your order ${r}?`,
        intro: 'Hello! We are checking the delivery of your order. Please let us know whether it has arrived.',
      },
      ADDRESS_CHECK: {
        subject: (r) => `Your order ${r}: the carrier needs your help`,
        intro: 'Hello! The carrier could not deliver your order. Please contact the carrier with your tracking number to arrange the delivery.',
      },
      REVIEW_FOLLOW_UP: {
        subject: (r) => `Your review of order ${r}`,
        intro: 'Hello! We are sorry your order disappointed you. Please reply to this message and tell us what happened: we want to put it right.',
      },
    },
  },
};

/** A buyer message in the buyer's language (plain text): the template's words, then the parcel's facts. */
export function renderBuyerMessage(locale: BuyerLocale, template: BuyerTemplate, data: BuyerMessageData): RenderedMessage {
  const t = texts[locale];
  const message = t.messages[template];
  const lines = [
    message.intro,
    '',
    ...(data.carrier ? [`${t.carrier}: ${data.carrier}`] : []),
    ...(data.trackingNumbers.length ? [`${t.numbers}: ${data.trackingNumbers.join(', ')}`] : []),
    ...(data.expectedDeliveryAt ? [`${t.expected}: ${data.expectedDeliveryAt.slice(0, 10)}`] : []),
    ...(data.pickupPoint ? [`${t.pickupPoint}: ${data.pickupPoint}`] : []),
    ...(data.trackingUrls.length ? ['', `${t.track}:`, ...data.trackingUrls] : []),
    '',
    t.outro,
  ];
  return { subject: message.subject(data.reference), text: lines.join('\n') };
}
