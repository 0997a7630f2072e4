// Every dictionary at once, statically: for tests only (the app loads them with import(), see ./index.ts).
import type { Locale } from '../types';
import type { Messages } from './index';
import { en } from './en';
import { ru } from './ru';
import { zhCN } from './zh-CN';

export const ALL_DICTIONARIES: Record<Locale, Messages> = { en, ru, 'zh-CN': zhCN };
