// Rules about each value on its own: shape (list or scalar), numbers and their ranges, enum
// values, and the sub-languages (disk, vif, cpus, boot, usbdevice, serial, soundhw, uuid).
import type { CfgEntry } from '../../model';
import { getOption } from '../../schema/lookup';
import type { OptionSpec } from '../../schema/types';
import { parseBoot } from '../../sublang/boot';
import { parseCpus } from '../../sublang/cpus';
import { parseDisk } from '../../sublang/disk';
import type { SublangResult } from '../../sublang/result';
import { parseSerial } from '../../sublang/serial';
import { parseSoundHw } from '../../sublang/soundhw';
import { parseUsbDevice } from '../../sublang/usbdevice';
import { parseUuid } from '../../sublang/uuid';
import { parseVif } from '../../sublang/vif';
import { innerPos, report, valuePos, xlInteger, type LintContext } from '../context';

type Parser = (s: string) => SublangResult<unknown>;

const SUBLANG: Partial<Record<OptionSpec['type'], Parser>> = {
  cpus: parseCpus,
  disk: parseDisk,
  vif: parseVif,
  boot: parseBoot,
  usbdevice: parseUsbDevice,
  serial: parseSerial,
  soundhw: parseSoundHw,
  uuid: parseUuid,
};

/** xend read `disk` with a plain split: `uname,dev[:type],mode`. */
function xmDisk(spec: string): { uname: string; dev: string; mode: string } | null {
  const parts = spec.split(',');
  if (parts.length !== 3) return null;
  const [uname, dev, mode] = parts.map((p) => p.trim()) as [string, string, string];
  if (!dev || !['r', 'w', 'w!'].includes(mode)) return null;
  return { uname, dev, mode };
}

function checkSublang(ctx: LintContext, e: CfgEntry, spec: OptionSpec, text: string, index: number | null): void {
  const parse = SUBLANG[spec.type];
  if (!parse) return;
  const r = parse(text);
  if (r.ok) return;
  const at = index === null ? innerPos(e, r.error.col) : valuePos(e);
  if (spec.type === 'disk') {
    const xm = xmDisk(text);
    if (xm) {
      const [dev, type] = xm.dev.split(':');
      const prefix = /^[a-z0-9]+:/.test(xm.uname) ? '' : 'file:';
      const suggestion = `${prefix}${xm.uname},${dev}${type ? `:${type}` : ''},${xm.mode === 'w!' ? 'w' : xm.mode}`;
      if (ctx.toolstack === 'xm') {
        report(ctx, 'warning', 'disk-xm-syntax', at, { key: e.key, value: text, suggestion, ...(index === null ? {} : { index }) });
        return;
      }
      if (parseDisk(suggestion).ok) {
        report(ctx, 'error', 'disk-xm-syntax', at, { key: e.key, value: text, suggestion, ...(index === null ? {} : { index }) });
        return;
      }
    }
  }
  report(ctx, 'error', 'invalid-sublang', at, {
    key: e.key,
    value: text,
    reason: r.error.message,
    reasonCode: r.error.code,
    column: r.error.col,
    ...(index === null ? {} : { index }),
  });
}

function checkScalar(ctx: LintContext, e: CfgEntry, spec: OptionSpec, text: string): void {
  if (spec.type === 'integer' || spec.type === 'boolean') {
    if (e.op === '+=' && ctx.toolstack === 'xl') {
      report(ctx, 'error', 'number-plus-equals', valuePos(e), { key: e.key });
      return;
    }
    const n = xlInteger(text);
    if (n === null) {
      report(ctx, 'error', 'not-a-number', valuePos(e), { key: e.key, value: text });
      return;
    }
    const lo = spec.min ?? -Infinity;
    const hi = spec.max ?? Infinity;
    if (n < lo || n > hi) {
      report(ctx, 'error', 'out-of-range', valuePos(e), {
        key: e.key,
        value: n,
        min: Number.isFinite(lo) ? lo : '-',
        max: Number.isFinite(hi) ? hi : '-',
      });
      return;
    }
    if (spec.recommendedMin !== undefined && n < spec.recommendedMin) {
      report(
        ctx,
        'warning',
        'below-recommended',
        valuePos(e),
        { key: e.key, value: n, recommended: spec.recommendedMin, unit: spec.unit ?? '' },
        { kind: 'set', key: e.key, value: String(spec.recommendedMin) },
      );
    }
    return;
  }
  if (spec.type === 'enum') {
    const allowed = ctx.toolstack === 'xm' && spec.xmValues ? spec.xmValues : spec.values;
    if (!allowed || allowed.includes(text)) return;
    // xl still reads the integer forms of tsc_mode / timer_mode (with a deprecation warning).
    if (ctx.toolstack === 'xl' && spec.xmValues?.includes(text)) return;
    if (ctx.toolstack === 'xl' && spec.key === 'builder' && text !== '' && 'hvm'.startsWith(text)) return;
    report(ctx, spec.openValues ? 'info' : 'error', spec.openValues ? 'unusual-value' : 'invalid-value', valuePos(e), {
      key: e.key,
      value: text,
      allowed: allowed.join(', '),
    });
    return;
  }
  checkSublang(ctx, e, spec, text, null);
}

export function valueRules(ctx: LintContext): void {
  for (const e of ctx.last.values()) {
    const spec = getOption(e.key);
    if (!spec || spec.toolstacks.length === 0) continue;
    const isList = typeof e.value !== 'string';
    if (isList && spec.shape === 'scalar') {
      report(ctx, 'error', 'list-for-scalar', valuePos(e), { key: e.key });
      continue;
    }
    if (!isList && spec.shape === 'list') {
      report(ctx, 'error', 'scalar-for-list', valuePos(e), { key: e.key });
      continue;
    }
    if (typeof e.value === 'string') {
      checkScalar(ctx, e, spec, e.value);
      continue;
    }
    e.value.forEach((item, index) => {
      if (typeof item !== 'string') {
        if (SUBLANG[spec.type]) report(ctx, 'error', 'list-for-scalar', valuePos(e), { key: `${e.key}[${index}]` });
        return;
      }
      checkSublang(ctx, e, spec, item, index);
    });
  }
}
