// `xentop -b` (REFERENCE §4.7). Each iteration repeats the header; the last block is current
// (the first iteration's CPU(%) is always 0.0). The header names the columns, so both the
// 19-column and the older 17-column layout parse alike. Rows are read from the right: NAME is
// right-aligned and, with -f, may contain spaces; MAXMEM(k) may be the two words `no limit`.
import { isStateLetters, stateFromLetters } from './state';
import { OutputFormatError, checkSize, type DomainMetrics } from './types';

const HEADER = /^\s*NAME\s+STATE\s+CPU\(sec\)/;

function num(v: string): number {
  return v === '-' || v === 'n/a' ? 0 : Number(v);
}

export function parseXentop(text: string): DomainMetrics[] {
  const command = 'xentop -b';
  checkSize(command, text);
  const lines = text.split(/\r?\n/);
  let last = -1;
  lines.forEach((l, i) => {
    if (HEADER.test(l)) last = i;
  });
  if (last < 0) throw new OutputFormatError(command, 'the "NAME STATE CPU(sec)" header is missing');
  const columns = lines[last].trim().split(/\s+/);
  const out: DomainMetrics[] = [];
  for (const raw of lines.slice(last + 1)) {
    const line = raw.trim();
    // Blank lines, and the indented per-NIC/VBD/VCPU lines that -n/-x/-v add, are not domains.
    if (line === '' || /^(Net\d|VBD|VCPUs\()/.test(line)) continue;
    const tokens = line.split(/\s+/);
    const values = new Map<string, string>();
    for (let c = columns.length - 1; c >= 1; c--) {
      let t = tokens.pop();
      if (t === undefined) throw new OutputFormatError(command, `the row "${line.slice(0, 80)}" has too few columns`);
      if (columns[c] === 'MAXMEM(k)' && t === 'limit' && tokens[tokens.length - 1] === 'no') {
        tokens.pop();
        t = 'no limit';
      }
      values.set(columns[c], t);
    }
    const name = tokens.join(' ');
    const letters = values.get('STATE') ?? '';
    if (name === '' || !isStateLetters(letters)) {
      throw new OutputFormatError(command, `the row "${line.slice(0, 80)}" was not understood`);
    }
    const maxmem = values.get('MAXMEM(k)') ?? '';
    const m: DomainMetrics = {
      name,
      stateLetters: letters,
      state: stateFromLetters(letters, 'xentop'),
      cpuTimeSec: num(values.get('CPU(sec)') ?? '0'),
      cpuPercent: num(values.get('CPU(%)') ?? '0'),
      memoryKiB: num(values.get('MEM(k)') ?? '0'),
      maxMemoryKiB: maxmem === 'no limit' ? null : num(maxmem),
      vcpus: num(values.get('VCPUS') ?? '0'),
      nets: num(values.get('NETS') ?? '0'),
      netTxKiB: num(values.get('NETTX(k)') ?? '0'),
      netRxKiB: num(values.get('NETRX(k)') ?? '0'),
      vbds: num(values.get('VBDS') ?? '0'),
      vbdOo: num(values.get('VBD_OO') ?? '0'),
      vbdRd: num(values.get('VBD_RD') ?? '0'),
      vbdWr: num(values.get('VBD_WR') ?? '0'),
    };
    if (values.has('VBD_RSECT')) m.vbdReadSectors = num(values.get('VBD_RSECT') ?? '0');
    if (values.has('VBD_WSECT')) m.vbdWriteSectors = num(values.get('VBD_WSECT') ?? '0');
    if (Object.values(m).some((v) => typeof v === 'number' && Number.isNaN(v))) {
      throw new OutputFormatError(command, `the row "${line.slice(0, 80)}" has a column that is not a number`);
    }
    out.push(m);
  }
  return out;
}
