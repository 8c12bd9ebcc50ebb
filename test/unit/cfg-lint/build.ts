// Hand-built entries for lint tests: one assignment a line, in the order given.
import type { CfgEntry, CfgValue, Diagnostic } from '../../../src-main/shared/cfg/model';

export type Assign = [key: string, value: CfgValue, op?: '=' | '+='];

export function entries(...assigns: Assign[]): CfgEntry[] {
  return assigns.map(([key, value, op = '='], i) => {
    const kind: CfgEntry['kind'] = typeof value !== 'string' ? 'list' : /^\d+$/.test(value) ? 'number' : 'string';
    return { key, value, kind, op, line: i + 1, col: 1, valueLine: i + 1, valueCol: key.length + 4 };
  });
}

/** A minimal valid HVM guest, to which each test adds the keys it is about. */
export const BASE: Assign[] = [
  ['name', 'g1'],
  ['type', 'hvm'],
  ['memory', '1024'],
  ['disk', ['format=raw, vdev=hda, access=rw, target=/dev/vg/g1']],
];

export function codes(ds: Diagnostic[]): string[] {
  return ds.map((d) => d.code);
}

export function find(ds: Diagnostic[], code: string): Diagnostic | undefined {
  return ds.find((d) => d.code === code);
}
