import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildVifSpec, formatVif, parseVif, setVifField } from './vif';

describe('vif specs', () => {
  it('reads the seed NIC', () => {
    const r = parseVif('type=ioemu, mac=00:16:3e:00:00:11, bridge=xenbr0, model=ne2k_pci');
    expect(r.ok && r.value.fields).toEqual({ type: 'ioemu', mac: '00:16:3e:00:00:11', bridge: 'xenbr0', model: 'ne2k_pci' });
  });

  it('accepts the empty spec (all defaults) and drops empty items', () => {
    expect(parseVif('').ok).toBe(true);
    const r = parseVif('bridge=xenbr0,,');
    expect(r.ok && r.value.fields).toEqual({ bridge: 'xenbr0' });
  });

  it('keeps unknown keys and reports them instead of failing, as xl only warns', () => {
    const r = parseVif('bridge=br0, colour=blue');
    expect(r.ok && r.value.unknown).toEqual(['colour']);
  });

  it.each([
    ['mac=00:16:3e:00:00', 'bad-mac', 5],
    ['bridge=br0,mac=01:16:3e:00:00:01', 'mac-not-unicast', 16],
    ['type=e1000', 'bad-type', 6],
    ['rate=10Mbit', 'bad-rate', 6],
  ])('rejects %j (%s) at column %i', (spec, code, col) => {
    const r = parseVif(spec);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, r.error.col]).toEqual([code, col]);
  });

  it('accepts rates with units and intervals', () => {
    expect(parseVif('rate=10Mb/s').ok).toBe(true);
    expect(parseVif('rate=100MB/s@20ms').ok).toBe(true);
  });

  it('sets one key and leaves the rest of the spec as written', () => {
    const r = parseVif('type=ioemu,  bridge=xenbr0');
    if (!r.ok) throw new Error('parse');
    expect(setVifField(r.value, 'bridge', 'br1')).toBe('type=ioemu,  bridge=br1');
    expect(setVifField(r.value, 'mac', '00:16:3e:01:02:03')).toBe('type=ioemu,  bridge=xenbr0, mac=00:16:3e:01:02:03');
  });

  it('round-trips generated specs byte for byte (property)', () => {
    const field = fc.oneof(
      fc.constant('type=ioemu'),
      fc.constantFrom('bridge=xenbr0', 'bridge=br1', 'model=e1000', 'model=rtl8139', 'script=vif-bridge', 'vifname=net0'),
      fc.constant('mac=00:16:3e:12:34:56'),
      fc.constant('ip=10.0.0.2'),
    );
    fc.assert(
      fc.property(fc.array(field, { maxLength: 6 }), fc.constantFrom(',', ', '), (fields, sep) => {
        const spec = fields.join(sep);
        const r = parseVif(spec);
        expect(r.ok).toBe(true);
        if (r.ok) expect(formatVif(r.value)).toBe(spec);
      }),
    );
  });

  it('builds a new spec in the usual layout', () => {
    expect(buildVifSpec({ bridge: 'xenbr0', mac: '00:16:3e:00:00:01' })).toBe('bridge=xenbr0, mac=00:16:3e:00:00:01');
  });
});
