// xm → xl: a plain xl file that libxlutil accepts. Comments and literal lines stay as written;
// `builder` becomes `type`; renamed keys get their xl names; xm-only keys and keys valid nowhere
// are commented out with the reason; Python is kept as comments and, where the idiom could be
// evaluated for the host, replaced by the literal value it produced.
import type { CfgValue } from '../model';
import { renderValue } from '../edit/render';
import { ALL_OPTIONS } from '../schema/lookup';
import { parseCfg } from '../syntax/parser';
import { analyzeXm } from './analyze';
import { evaluateXm, type HostFacts } from './evaluate';

const IGNORED_BY_XL =
  'fda fdb isa guest_os_type vhpt s3_integrity superpages memory_sharing on_xend_start on_xend_stop description target vscsi vusb blkif netif tpmif access_control nics dhcp ip gateway netmask hostname interface nfs_server nfs_root machine_address_size suppress_spurious_page_faults cpuid_check parallel snapshot'.split(
    ' ',
  );

const DROP_REASONS: Record<string, string> = {
  device_model: 'xl ignores device_model and starts its own device model',
  vncconsole: 'xl ignores vncconsole; open the console with `xl create -V` or from XenDeck',
  monitor: 'xl always talks to the device model over its own QMP socket',
  monitor_path: 'xl always talks to the device model over its own QMP socket',
  restart: 'xl has no restart key; on_poweroff, on_reboot and on_crash say what happens',
};
for (const k of IGNORED_BY_XL) DROP_REASONS[k] = 'an xm-only key that xl ignores';

/**
 * xm keys xl reads under another name with the same value (`cpu_cap` → `cap`), from the schema's
 * `xlName`. Keys xl still reads itself (`builder`, `stdvga`: deprecated, and their values differ)
 * are not renamed here; `builder` is rewritten to `type` on its own.
 */
export const XL_RENAMES: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(ALL_OPTIONS.filter((o) => o.xlName && !o.toolstacks.includes('xl')).map((o) => [o.key, o.xlName as string])),
);

export interface ConvertResult {
  text: string;
  /** One sentence per change, for the user. */
  notes: string[];
}

function commentOut(text: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `# ${l}`)
    .join('\n')
    .concat('\n');
}

function isHvmBuilder(v: CfgValue | undefined): boolean {
  return typeof v === 'string' && 'hvm'.startsWith(v);
}

export function toXl(text: string, facts: HostFacts = {}): ConvertResult {
  const analysis = analyzeXm(text);
  const evaluation = evaluateXm(text, facts);
  const hvm = isHvmBuilder(evaluation.values.get('builder'));
  const notes: string[] = [];
  let out = '';

  const dropReason = (key: string, value: CfgValue | undefined): string | undefined => {
    if (key === 'kernel' && hvm && typeof value === 'string' && /(^|\/)hvmloader$/.test(value)) {
      return 'xl finds hvmloader itself; for an HVM guest `kernel` would mean direct kernel boot';
    }
    return DROP_REASONS[key];
  };

  const regionsByLine = new Map(analysis.regions.map((r) => [r.startLine, r]));
  for (const l of analysis.lines) {
    const withNl = l.text.endsWith('\n') ? l.text : `${l.text}\n`;
    if (l.kind === 'scripted') {
      const r = regionsByLine.get(l.startLine);
      const optionAssigns = r ? r.assigns.filter((k) => !evaluation.helpers.has(k)) : [];
      if (r) out += convertRegion(r.text, r.startLine, r.endLine, optionAssigns, evaluation.values, dropReason, notes);
      continue;
    }
    if (l.kind === 'blank') {
      out += withNl;
      continue;
    }
    if (l.kind === 'invalid-key') {
      const key = analysis.invalidKeys.find((k) => k.start === l.start)?.key ?? '?';
      out += `# [xl] dropped: \`${key}' is not a valid key for xl or xm\n${commentOut(withNl)}`;
      notes.push(`Dropped \`${key}' (line ${l.startLine}): not a valid key for xl or xm.`);
      continue;
    }
    out += convertLiteral(withNl, l.startLine, hvm, dropReason, notes);
  }
  const check = parseCfg(out);
  if (!check.ok) {
    throw new Error(`internal: the converted file does not parse (${check.errors[0]?.text ?? ''})`);
  }
  return { text: out, notes };
}

function convertLiteral(
  line: string,
  lineNo: number,
  hvm: boolean,
  dropReason: (k: string, v: CfgValue | undefined) => string | undefined,
  notes: string[],
): string {
  const doc = parseCfg(line);
  const a = doc.assignments[0];
  if (!doc.ok || !a) return line;
  const keyTok = doc.tokens[a.keyTok];
  const value = doc.values.get(a.key);
  const reason = dropReason(a.key, value);
  if (reason) {
    notes.push(`Dropped \`${a.key}' (line ${lineNo}): ${reason}.`);
    return `# [xl] dropped: ${reason}\n${commentOut(line)}`;
  }
  if (a.key === 'builder' && keyTok && a.value.type === 'atom') {
    const vt = doc.tokens[a.value.tok];
    if (vt) {
      const type = hvm ? 'hvm' : 'pv';
      notes.push(`Replaced builder=${JSON.stringify(value)} with type="${type}" (line ${lineNo}).`);
      return `${line.slice(0, keyTok.start)}type${line.slice(keyTok.end, vt.start)}"${type}"${line.slice(vt.end)}`;
    }
  }
  const rename = XL_RENAMES[a.key];
  if (rename && keyTok) {
    notes.push(`Renamed \`${a.key}' to \`${rename}' (line ${lineNo}).`);
    return line.slice(0, keyTok.start) + rename + line.slice(keyTok.end);
  }
  return line;
}

function convertRegion(
  text: string,
  startLine: number,
  endLine: number,
  assigns: string[],
  values: Map<string, CfgValue>,
  dropReason: (k: string, v: CfgValue | undefined) => string | undefined,
  notes: string[],
): string {
  let out = `# [xl] xm Python (lines ${startLine}-${endLine}), kept as comments: xl cannot run it\n${commentOut(text)}`;
  for (const key of assigns) {
    const v = values.get(key);
    if (v === undefined) {
      if (/^[a-z][._0-9a-z]*$/.test(key) && !dropReason(key, undefined)) {
        notes.push(`Could not work out \`${key}' (line ${startLine}); set it by hand if the guest needs it.`);
      }
      continue;
    }
    const reason = dropReason(key, v);
    if (reason) {
      out += `# [xl] dropped \`${key}': ${reason}\n`;
      notes.push(`Dropped \`${key}' (line ${startLine}): ${reason}.`);
      continue;
    }
    const name = XL_RENAMES[key] ?? key;
    if (!/^[a-z][._0-9a-z]*$/.test(name)) continue;
    out += `${name} = ${renderValue(v)}\n`;
    notes.push(`Replaced the Python for \`${key}' (line ${startLine}) with its value on this host.`);
  }
  return out;
}
