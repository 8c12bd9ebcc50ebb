// What the inventory needs from a cfg file: the guest name and the fields drift compares. xl
// files go through the cfg parser; a file xl rejects is tried as a legacy xm (Python) script.
import { parseCfg } from '@shared/cfg/syntax';
import { evaluateXm } from '@shared/cfg/xm';
import type { CfgValue } from '@shared/cfg/model';
import type { CfgSummary } from './types';

function values(text: string): Map<string, CfgValue> | null {
  const doc = parseCfg(text, { source: 'cfg' });
  if (doc.ok) return doc.values;
  try {
    return evaluateXm(text).values;
  } catch {
    return null;
  }
}

function num(v: CfgValue | undefined): number | undefined {
  if (typeof v !== 'string' || !/^\d+$/.test(v.trim())) return undefined;
  return Number(v.trim());
}

function str(v: CfgValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** null when the file declares no guest name (not a guest cfg: xl.conf, xend-config.sxp, …). */
export function summarizeCfg(path: string, text: string): CfgSummary | null {
  const v = values(text);
  const name = str(v?.get('name'));
  if (v === null || name === undefined || name === '') return null;
  const out: CfgSummary = { path, name };
  const set = <K extends keyof CfgSummary>(k: K, x: CfgSummary[K] | undefined) => {
    if (x !== undefined) out[k] = x;
  };
  set('memoryMiB', num(v.get('memory')));
  set('maxMemoryMiB', num(v.get('maxmem')));
  set('vcpus', num(v.get('vcpus')));
  set('maxVcpus', num(v.get('maxvcpus')));
  set('onPoweroff', str(v.get('on_poweroff')));
  set('onReboot', str(v.get('on_reboot')));
  set('onCrash', str(v.get('on_crash')));
  return out;
}
