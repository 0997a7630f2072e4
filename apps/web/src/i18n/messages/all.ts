// Every dictionary at once, statically: for tests only (the app loads them with import(), see ./index.ts).
import type { Locale } from '../types';
import type { Messages } from './index';
import { en } from './en';
import { ru } from './ru';
import { zhCN } from './zh-CN';
import { enAfterShipment } from './after-shipment.en';
import { ruAfterShipment } from './after-shipment.ru';
import { zhCNAfterShipment } from './after-shipment.zh-CN';
import { enOffice } from './office.en';
import { ruOffice } from './office.ru';
import { zhCNOffice } from './office.zh-CN';
import { enReturns } from './returns.en';
import { ruReturns } from './returns.ru';
import { zhCNReturns } from './returns.zh-CN';
import { enDashboard } from './dashboard.en';
import { ruDashboard } from './dashboard.ru';
import { zhCNDashboard } from './dashboard.zh-CN';
import { enReceive } from './receive.en';
import { ruReceive } from './receive.ru';
import { zhCNReceive } from './receive.zh-CN';
import { enReviews } from './reviews.en';
import { ruReviews } from './reviews.ru';
import { zhCNReviews } from './reviews.zh-CN';

export const ALL_DICTIONARIES: Record<Locale, Messages> = {
  en: { ...en, ...enAfterShipment, ...enOffice, ...enReturns, ...enDashboard, ...enReceive, ...enReviews },
  ru: { ...ru, ...ruAfterShipment, ...ruOffice, ...ruReturns, ...ruDashboard, ...ruReceive, ...ruReviews },
  'zh-CN': { ...zhCN, ...zhCNAfterShipment, ...zhCNOffice, ...zhCNReturns, ...zhCNDashboard, ...zhCNReceive, ...zhCNReviews },
};
