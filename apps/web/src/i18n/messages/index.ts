import type { Locale, PluralMessage } from '../types';
import { en } from './en';
import { ru } from './ru';
import { zhCN } from './zh-CN';

/** The shape every dictionary must have: exactly the keys of `en`, same value kinds. */
export type Messages = { [K in keyof typeof en]: (typeof en)[K] extends string ? string : PluralMessage };
export type MessageKey = keyof Messages;
/** Keys of plain messages: use with `t()`. */
export type TextKey = { [K in MessageKey]: Messages[K] extends string ? K : never }[MessageKey];
/** Keys of plural messages: use with `tn()`. */
export type PluralKey = Exclude<MessageKey, TextKey>;

// All three are small (~2 kB gzipped together), so they ship in the main bundle: the first paint is
// already in the right language and switching is instant. Move to import() if they grow large.
export const DICTIONARIES: Record<Locale, Messages> = { en, ru, 'zh-CN': zhCN };
