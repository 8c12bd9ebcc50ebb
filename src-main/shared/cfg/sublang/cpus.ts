// `cpus` / `cpus_soft`: the CPU-list language of xl's parse_cpurange (REFERENCE §3.5).
// Items are applied left to right to an empty set: plain items add, `^` items remove, `node:`
// items stand for every CPU of those NUMA nodes. So `^1` alone selects nothing — it only takes
// CPU 1 away from what the items before it added (`all,^1` is "every CPU except 1").
import { fail, ok, SublangSyntaxError, splitCommas, type SublangResult } from './result';

export interface CpuItem {
  /** `^`: remove instead of add. */
  not: boolean;
  /** `node:`/`nodes:` prefix as written, or null for plain CPU numbers. */
  nodes: 'node:' | 'nodes:' | null;
  /** `all`, or an inclusive range (a single number has from === to). */
  range: 'all' | { from: number; to: number };
}

export interface CpuSpec {
  raw: string;
  items: CpuItem[];
}

const NUM = /^ *(\d+)/;

function parseItem(text: string, offset: number): SublangResult<CpuItem> {
  let rest = text;
  let col = offset + 1;
  const not = rest.startsWith('^');
  if (not) {
    rest = rest.slice(1);
    col++;
  }
  let nodes: CpuItem['nodes'] = null;
  for (const p of ['nodes:', 'node:'] as const) {
    if (rest.startsWith(p)) {
      nodes = p;
      rest = rest.slice(p.length);
      col += p.length;
      break;
    }
  }
  if (rest === 'all') {
    if (not) return fail('not-all', 'Can\'t combine "^" and "all".', offset + 1);
    return ok({ not, nodes, range: 'all' });
  }
  const a = NUM.exec(rest);
  if (!a) return fail('bad-range', `Invalid pcpu range: ${text}.`, col);
  const from = Number(a[1]);
  let to = from;
  let tail = rest.slice(a[0].length);
  if (tail.startsWith('-')) {
    const b = NUM.exec(tail.slice(1));
    if (!b) return fail('bad-range', `Invalid pcpu range: ${text}.`, col + a[0].length + 1);
    to = Number(b[1]);
    if (to < from) {
      return fail('reversed-range', `Invalid pcpu range: ${text} (the range ends before it starts).`, col);
    }
    tail = tail.slice(1 + b[0].length);
  }
  if (tail !== '') {
    return fail('bad-range', `Invalid pcpu range: ${text}.`, col + rest.length - tail.length);
  }
  return ok({ not, nodes, range: { from, to } });
}

/** Parses one `cpus` string (for the list form, parse each element: element i pins vCPU i). */
export function parseCpus(raw: string): SublangResult<CpuSpec> {
  const items: CpuItem[] = [];
  for (const piece of splitCommas(raw)) {
    if (piece.text === '') continue; // xl splits with strtok: empty items vanish
    const r = parseItem(piece.text, piece.offset);
    if (!r.ok) return r;
    items.push(r.value);
  }
  return ok({ raw, items });
}

export function formatCpuItem(item: CpuItem): string {
  const body =
    item.range === 'all'
      ? 'all'
      : item.range.from === item.range.to
        ? String(item.range.from)
        : `${item.range.from}-${item.range.to}`;
  return `${item.not ? '^' : ''}${item.nodes ?? ''}${body}`;
}

/** The canonical text; equal to `raw` whenever the input was written canonically. */
export function formatCpus(spec: CpuSpec): string {
  return spec.items.map(formatCpuItem).join(',');
}

export interface HostTopology {
  /** CPUs of each NUMA node, indexed by node number. */
  nodeCpus: number[][];
}

/**
 * The CPUs a spec selects on a host with `hostCpuCount` CPUs, sorted. Numbers beyond the host are
 * dropped, as libxl's bitmap does. Throws SublangSyntaxError for an invalid spec, or for `node:`
 * items when the topology is not known.
 */
export function resolveCpuSet(spec: string | CpuSpec, hostCpuCount: number, topology?: HostTopology): number[] {
  let parsed: CpuSpec;
  if (typeof spec === 'string') {
    const r = parseCpus(spec);
    if (!r.ok) throw new SublangSyntaxError(r.error);
    parsed = r.value;
  } else {
    parsed = spec;
  }
  const set = new Set<number>();
  for (const item of parsed.items) {
    let cpus: number[];
    if (item.range === 'all') {
      cpus = Array.from({ length: hostCpuCount }, (_, i) => i);
    } else if (item.nodes) {
      if (!topology) {
        throw new SublangSyntaxError({
          code: 'nodes-unknown',
          message: 'The spec names NUMA nodes, but the host topology is not known.',
          col: 1,
        });
      }
      cpus = [];
      for (let n = item.range.from; n <= item.range.to && n < topology.nodeCpus.length; n++) {
        cpus.push(...(topology.nodeCpus[n] ?? []));
      }
    } else {
      cpus = [];
      for (let c = item.range.from; c <= Math.min(item.range.to, hostCpuCount - 1); c++) cpus.push(c);
    }
    for (const c of cpus) {
      if (c >= hostCpuCount) continue;
      if (item.not) set.delete(c);
      else set.add(c);
    }
  }
  return [...set].sort((a, b) => a - b);
}

/** Writes a CPU set back in the shortest range form (`0,2-3,5`). */
export function cpuSetToSpec(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
