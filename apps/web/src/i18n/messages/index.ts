import type { Locale, PluralMessage } from '../types';
import type { en } from './en';
import type { enAfterShipment } from './after-shipment.en';
import type { enOffice } from './office.en';
import type { enReturns } from './returns.en';
import type { enDashboard } from './dashboard.en';
import type { enReceive } from './receive.en';
import type { enReviews } from './reviews.en';

type Reference = typeof en & typeof enAfterShipment & typeof enOffice & typeof enReturns & typeof enDashboard & typeof enReceive & typeof enReviews;
/** The shape every dictionary must have: exactly the keys of English (core + sections), same value kinds. */
export type Messages = { [K in keyof Reference]: Reference[K] extends string ? string : PluralMessage };
/** The after-shipment section (Problems, tracking, the consolidation station, the Ozon posting card, marking codes at the pack station): its own chunk, loaded with the pages that use it. */
export type AfterShipmentMessages = Pick<Messages, keyof typeof enAfterShipment>;
/** The office section (Settings, printers, Today). */
export type OfficeMessages = Pick<Messages, keyof typeof enOffice>;
/** The returns section (the returns list, the station, a return's page). */
export type ReturnsMessages = Pick<Messages, keyof typeof enReturns>;
/** The manager dashboard's section. */
export type DashboardMessages = Pick<Messages, keyof typeof enDashboard>;
/** The Receive station's section (goods in against purchase orders). */
export type ReceiveMessages = Pick<Messages, keyof typeof enReceive>;
/** The reviews inbox's section (buyers' reviews and the replies). */
export type ReviewsMessages = Pick<Messages, keyof typeof enReviews>;
/** What a language's core chunk holds: everything but the sections. */
export type CoreMessages = Omit<
  Messages,
  keyof AfterShipmentMessages | keyof OfficeMessages | keyof ReturnsMessages | keyof DashboardMessages | keyof ReceiveMessages | keyof ReviewsMessages
>;
export type MessageKey = keyof Messages;
/** Keys of plain messages: use with `t()`. */
export type TextKey = { [K in MessageKey]: Messages[K] extends string ? K : never }[MessageKey];
/** Keys of plural messages: use with `tn()`. */
export type PluralKey = Exclude<MessageKey, TextKey>;

/**
 * Each dictionary is its own chunk, loaded with import() when its language is needed: the initial
 * bundle carries only the language the app starts in (the service worker precaches all three, so
 * switching works offline too). Only the type of `en` is imported here, never its text.
 */
const loaders: Record<Locale, () => Promise<CoreMessages>> = {
  en: () => import('./en').then((m) => m.en),
  ru: () => import('./ru').then((m) => m.ru),
  'zh-CN': () => import('./zh-CN').then((m) => m.zhCN),
};

/**
 * Sections: strings only some pages need (a picker's handheld never loads the Problems screen's), so
 * the first download stays small. A page that uses one awaits `loadSection` before it renders
 * (routes.tsx); a language loaded later brings along every section asked for so far.
 */
const sectionLoaders = {
  afterShipment: {
    en: () => import('./after-shipment.en').then((m) => m.enAfterShipment),
    ru: () => import('./after-shipment.ru').then((m) => m.ruAfterShipment),
    'zh-CN': () => import('./after-shipment.zh-CN').then((m) => m.zhCNAfterShipment),
  },
  office: {
    en: () => import('./office.en').then((m) => m.enOffice),
    ru: () => import('./office.ru').then((m) => m.ruOffice),
    'zh-CN': () => import('./office.zh-CN').then((m) => m.zhCNOffice),
  },
  returns: {
    en: () => import('./returns.en').then((m) => m.enReturns),
    ru: () => import('./returns.ru').then((m) => m.ruReturns),
    'zh-CN': () => import('./returns.zh-CN').then((m) => m.zhCNReturns),
  },
  dashboard: {
    en: () => import('./dashboard.en').then((m) => m.enDashboard),
    ru: () => import('./dashboard.ru').then((m) => m.ruDashboard),
    'zh-CN': () => import('./dashboard.zh-CN').then((m) => m.zhCNDashboard),
  },
  receive: {
    en: () => import('./receive.en').then((m) => m.enReceive),
    ru: () => import('./receive.ru').then((m) => m.ruReceive),
    'zh-CN': () => import('./receive.zh-CN').then((m) => m.zhCNReceive),
  },
  reviews: {
    en: () => import('./reviews.en').then((m) => m.enReviews),
    ru: () => import('./reviews.ru').then((m) => m.ruReviews),
    'zh-CN': () => import('./reviews.zh-CN').then((m) => m.zhCNReviews),
  },
} satisfies Record<string, Record<Locale, () => Promise<Partial<Messages>>>>;
export type Section = keyof typeof sectionLoaders;
const wantedSections = new Set<Section>();

// A loaded dictionary holds the core and the sections asked for so far (typed as whole: a key of a
// section is read only by the pages that loaded it).
const loaded: Partial<Record<Locale, Messages>> = {};
const loading: Partial<Record<Locale, Promise<Messages>>> = {};

async function loadWhole(locale: Locale): Promise<Messages> {
  const core = await loaders[locale]();
  const parts = await Promise.all([...wantedSections].map((section) => sectionLoaders[section][locale]()));
  return Object.assign({}, core, ...parts) as Messages;
}

/** Loads a section of every language loaded (or loading) so far, and of every language loaded later. */
export async function loadSection(section: Section): Promise<void> {
  wantedSections.add(section);
  const locales = Object.keys({ ...loaded, ...loading }) as Locale[];
  await Promise.all(
    locales.map(async (locale) => {
      const dictionary = await loadMessages(locale);
      Object.assign(dictionary, await sectionLoaders[section][locale]());
    }),
  );
}

/** The dictionary if it is already loaded (synchronous), else undefined. */
export function loadedMessages(locale: Locale): Messages | undefined {
  return loaded[locale];
}

/** Loads a language's dictionary (once; later calls share the same promise). */
export function loadMessages(locale: Locale): Promise<Messages> {
  const ready = loaded[locale];
  if (ready) return Promise.resolve(ready);
  return (loading[locale] ??= loadWhole(locale).then(
    (messages) => (loaded[locale] = messages),
    (error: unknown) => {
      delete loading[locale]; // offline before the service worker cached it: try again next time
      throw error;
    },
  ));
}

/** Tests (and tools): make dictionaries available synchronously. */
export function provideMessages(dictionaries: Partial<Record<Locale, Messages>>): void {
  Object.assign(loaded, dictionaries);
}
