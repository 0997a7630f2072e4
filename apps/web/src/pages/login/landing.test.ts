import { afterEach, describe, expect, it } from 'vitest';
import { landingFor, rememberStation, stationOf } from './landing';

const picker = { roles: ['PICKER'], permissions: ['orders:read', 'picking'] };
const packer = { roles: ['PACKER'], permissions: ['orders:read', 'packing', 'shipping', 'documents:print'] };
const manager = { roles: ['MANAGER'], permissions: ['orders:read', 'orders:write', 'picking', 'packing', 'shipping'] };

describe('landing after sign-in', () => {
  afterEach(() => localStorage.clear());

  it('sends each role to its station on a fresh device', () => {
    expect(landingFor(picker)).toBe('/pick');
    expect(landingFor(packer)).toBe('/pack');
    expect(landingFor(manager)).toBe('/');
    expect(landingFor({ roles: ['ADMIN'], permissions: ['orders:write', 'picking'] })).toBe('/');
  });

  it('remembers the station used last on this device, if this person may work there', () => {
    rememberStation('/ship/T3JkZXI6MQ==');
    rememberStation('/'); // a packer glancing at the queue does not move their station
    expect(landingFor(packer)).toBe('/ship');
    expect(landingFor(picker)).toBe('/pick'); // may not ship
    expect(landingFor(manager)).toBe('/'); // the desk was used last
    rememberStation('/today');
    expect(landingFor(manager)).toBe('/today');
    rememberStation('/pick/UGlja0xpc3Q6Mw==');
    expect(landingFor(manager)).toBe('/pick');
    rememberStation('/orders/T3JkZXI6MQ=='); // not a station
    expect(landingFor(manager)).toBe('/pick');
  });

  it('knows the stations by path', () => {
    expect(stationOf('/pack/abc')).toBe('/pack');
    expect(stationOf('/handover')).toBe('/handover');
    expect(stationOf('/settings')).toBeUndefined();
    expect(stationOf('/packer')).toBeUndefined();
  });
});
