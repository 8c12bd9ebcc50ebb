import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diskFirst, formatBoot, parseBoot } from './boot';
import {
  formatMac,
  generateXenMac,
  isLocallyAdministeredMac,
  isMulticastMac,
  isXenMac,
  parseMac,
  type RandomBytes,
} from './mac';
import { formatSerial, parseSerial } from './serial';
import { formatSoundHw, parseSoundHw, soundHwValidForModernXl } from './soundhw';
import { formatUsbDevice, parseUsbDevice } from './usbdevice';
import { parseUuid } from './uuid';

/** A deterministic byte source (xorshift), so generated MACs are the same on every run. */
function seeded(seed: number): RandomBytes {
  let x = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  };
}

describe('boot order', () => {
  it('reads "cda" as disk, CD-ROM, floppy', () => {
    const r = parseBoot('cda');
    expect(r.ok && r.value.devices).toEqual(['c', 'd', 'a']);
  });

  it('moves the disk first after an install from CD', () => {
    const r = parseBoot('dc');
    expect(r.ok && formatBoot({ devices: diskFirst(r.value) })).toBe('cd');
  });

  it.each([
    ['cx', 'bad-letter', 2],
    ['cdc', 'repeated-letter', 3],
    ['', 'empty', 1],
  ])('rejects %j (%s, column %i)', (s, code, col) => {
    const r = parseBoot(s);
    expect(!r.ok && [r.error.code, r.error.col]).toEqual([code, col]);
  });

  it('round-trips every valid order (property)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(['a', 'c', 'd', 'n'], { minLength: 1 }), (letters) => {
        const s = letters.join('');
        const r = parseBoot(s);
        expect(r.ok && formatBoot(r.value)).toBe(s);
      }),
    );
  });
});

describe('MAC addresses', () => {
  it('generates addresses in 00:16:3e with the fourth byte below 0x80, unicast and universal', () => {
    const rnd = seeded(42);
    for (let i = 0; i < 200; i++) {
      const mac = parseMac(generateXenMac(rnd));
      expect(mac).not.toBeNull();
      if (!mac) continue;
      expect(isXenMac(mac)).toBe(true);
      expect(mac.bytes[3]).toBeLessThan(0x80);
      expect(isMulticastMac(mac)).toBe(false);
      expect(isLocallyAdministeredMac(mac)).toBe(false);
    }
  });

  it('is deterministic with an injected RNG and avoids addresses already in use', () => {
    const first = generateXenMac(seeded(7));
    expect(generateXenMac(seeded(7))).toBe(first);
    expect(generateXenMac(seeded(7), [first.toUpperCase()])).not.toBe(first);
  });

  it('recognises multicast and locally administered addresses', () => {
    expect(isMulticastMac(parseMac('01:00:5e:00:00:01')!)).toBe(true);
    expect(isLocallyAdministeredMac(parseMac('aa:00:00:00:00:11')!)).toBe(true);
    expect(parseMac('00:16:3e:00:00')).toBeNull();
  });

  it('formats any parsed address back (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 }), (bytes) => {
        const s = bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
        expect(formatMac(parseMac(s)!)).toBe(s);
      }),
    );
  });
});

describe('usbdevice, serial, soundhw, uuid', () => {
  it.each(['tablet', 'mouse', 'host:046d:c52b', 'host:1.3', 'disk:/tmp/usb.img'])('round-trips usbdevice %j', (s) => {
    const r = parseUsbDevice(s);
    expect(r.ok && formatUsbDevice(r.value.device)).toBe(s);
  });

  it('rejects an unknown USB device', () => {
    expect(parseUsbDevice('joystick').ok).toBe(false);
    expect(parseUsbDevice('host:zz').ok).toBe(false);
  });

  it.each(['pty', 'vc', 'null', 'file:/var/log/guest.log', '/dev/ttyS0', 'tcp:127.0.0.1:4555,server,nowait', 'unix:/run/s.sock,server'])(
    'round-trips serial %j',
    (s) => {
      const r = parseSerial(s);
      expect(r.ok && formatSerial(r.value.target)).toBe(s);
    },
  );

  it('rejects serial targets qemu does not know', () => {
    expect(parseSerial('com1').ok).toBe(false);
    expect(parseSerial('tcp:host').ok).toBe(false);
  });

  it('reads soundhw lists and says which ones modern xl accepts', () => {
    const one = parseSoundHw('sb16');
    expect(one.ok && soundHwValidForModernXl(one.value)).toBe(true);
    const two = parseSoundHw('sb16,es1370');
    expect(two.ok && formatSoundHw(two.value)).toBe('sb16,es1370');
    expect(two.ok && soundHwValidForModernXl(two.value)).toBe(false);
    const bad = parseSoundHw('sb16,beeper');
    expect(!bad.ok && bad.error.col).toBe(6);
  });

  it('checks UUIDs', () => {
    expect(parseUuid('06ed00fe-1162-4fc4-b5d8-11993ee4a8b9').ok).toBe(true);
    expect(parseUuid('06ed00fe-1162-4fc4-b5d8').ok).toBe(false);
  });
});
