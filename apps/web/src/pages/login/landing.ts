/**
 * Where a person starts after signing in: their station. Pickers at the pick lists, packers at the
 * packing queue, managers and admins at the order queue (or Today) — and, on a device someone
 * already worked on, the station used last (remembered in localStorage, if this person may work
 * there). A desk page (queue, Today) and a floor station are remembered apart, so a packer who
 * looked at the queue still lands back at shipping, and a manager who picked once still lands on
 * the queue unless the floor was the last thing they used.
 */
export type Station = '/' | '/today' | '/pick' | '/pack' | '/handover' | '/ship';

const FLOOR_KEY = 'orderly.station.floor';
const DESK_KEY = 'orderly.station.desk';
const LAST_KEY = 'orderly.station.last';

const FLOOR: Record<string, Station> = { pick: '/pick', pack: '/pack', handover: '/handover', ship: '/ship' };

/** The station a path belongs to (/pick/123 → /pick), or undefined (an order, settings, sync…). */
export function stationOf(pathname: string): Station | undefined {
  if (pathname === '/' || pathname === '') return '/';
  if (pathname === '/today') return '/today';
  const first = /^\/([a-z]+)(\/|$)/.exec(pathname)?.[1];
  return first ? FLOOR[first] : undefined;
}

const isFloor = (station: Station) => station !== '/' && station !== '/today';

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Called on every navigation: remembers the station in use on this device. */
export function rememberStation(pathname: string): void {
  const station = stationOf(pathname);
  if (!station) return;
  try {
    globalThis.localStorage?.setItem(isFloor(station) ? FLOOR_KEY : DESK_KEY, station);
    globalThis.localStorage?.setItem(LAST_KEY, isFloor(station) ? 'floor' : 'desk');
  } catch {
    // private mode: everyone lands on their role's station
  }
}

const NEEDS: Record<Station, string> = {
  '/': 'orders:write',
  '/today': 'orders:write',
  '/pick': 'picking',
  '/pack': 'packing',
  '/handover': 'shipping',
  '/ship': 'shipping',
};

/** The role's own station: managers/admins the queue, packers packing, pickers picking. */
export function roleStation(roles: readonly string[], permissions: readonly string[]): Station {
  if (roles.includes('ADMIN') || roles.includes('MANAGER')) return '/';
  if (roles.includes('PACKER') && permissions.includes('packing')) return '/pack';
  if (roles.includes('PICKER') && permissions.includes('picking')) return '/pick';
  return '/';
}

/** The stations remembered on this device (read before the page being opened is remembered). */
export interface RememberedStations {
  floor: string | null;
  desk: string | null;
  last: string | null;
}

export const rememberedStations = (): RememberedStations => ({ floor: read(FLOOR_KEY), desk: read(DESK_KEY), last: read(LAST_KEY) });

/** Where this person lands after signing in (without an explicit `next`), or on opening the app at "/". */
export function landingFor(me: { roles: readonly string[]; permissions: readonly string[] }, remembered = rememberedStations()): Station {
  const may = (station: string | null): station is Station => !!station && station in NEEDS && me.permissions.includes(NEEDS[station as Station]);
  const { floor, desk } = remembered;
  const own = roleStation(me.roles, me.permissions);
  const deskUser = !isFloor(own);
  if (deskUser) {
    if (remembered.last === 'floor' && may(floor)) return floor;
    return may(desk) ? desk : own;
  }
  return may(floor) ? floor : own;
}
