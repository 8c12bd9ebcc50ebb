// `xl list` and `xm list` tables (REFERENCE §4.2, §4.8). Columns are not fixed: the xl header has
// TABs, wide values shift columns and names may exceed the name column, so each row is read from
// the right: id, memory, vCPUs, state, time; everything before is the name.
import { stateFromLetters } from './state';
import { OutputFormatError, checkSize, type DomainInfo } from './types';

const ROW = /^(.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+([-a-zA-Z]{6})\s+(\d+(?:\.\d+)?)$/;
/** xend-managed but inactive: no ID column value (xm ≥ 3.1). */
const INACTIVE_ROW = /^(.*?)\s+(\d+)\s+(\d+)\s+(-{6})\s+(\d+(?:\.\d+)?)$/;
/** Xen 3.0.0–3.0.2 may append an ACM label ` s:XXXX/p:XXXX`. */
const SECURITY_SUFFIX = /\s+s:\S*\/p:\S*$/;

export function parseListTable(text: string, tool: 'xl' | 'xm'): DomainInfo[] {
  const command = `${tool} list`;
  checkSize(command, text);
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => /^\s*Name\s+ID\s/.test(l));
  if (headerAt < 0) throw new OutputFormatError(command, 'the "Name ID Mem VCPUs State Time(s)" header is missing');
  const out: DomainInfo[] = [];
  for (const raw of lines.slice(headerAt + 1)) {
    const line = raw.trim().replace(SECURITY_SUFFIX, '');
    if (line === '') continue;
    const m = ROW.exec(line);
    if (m) {
      out.push({
        name: m[1],
        domid: Number(m[2]),
        memoryMiB: Number(m[3]),
        vcpus: Number(m[4]),
        stateLetters: m[5],
        state: stateFromLetters(m[5], tool),
        cpuTimeSec: Number(m[6]),
      });
      continue;
    }
    const i = INACTIVE_ROW.exec(line);
    if (i) {
      out.push({
        name: i[1],
        domid: null,
        memoryMiB: Number(i[2]),
        vcpus: Number(i[3]),
        stateLetters: i[4],
        state: 'stopped',
        cpuTimeSec: Number(i[5]),
      });
      continue;
    }
    throw new OutputFormatError(command, `the row "${line.slice(0, 80)}" does not end in id, memory, vCPUs, state and time`);
  }
  return out;
}
