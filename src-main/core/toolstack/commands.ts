// Command builders for every adapter operation, as argv arrays (quoted later by argv.ts, IN-1).
// Operands go through operands() so a name starting with "-" can't become an option (IN-7).
import { ApiError } from '@shared/api/errors';
import { operands, type Arg } from '../remote/argv';
import { checkNewDomainName } from './names';

/** A domain is addressed by domid when known (IN-3) and by name otherwise. */
export type DomainRef = string | number;

export type ToolstackKind = 'xl' | 'xm';

export interface CommandSet {
  readonly kind: ToolstackKind;
  list(): Arg[];
  listLong(dom?: DomainRef): Arg[];
  info(): Arg[];
  vcpuList(dom?: DomainRef): Arg[];
  domid(name: string): Arg[];
  /** null when the tool has no dry run (xm). */
  dryRunCreate(cfgPath: string): Arg[] | null;
  create(cfgPath: string, opts?: { paused?: boolean }): Arg[];
  shutdown(dom: DomainRef, opts?: { wait?: boolean; acpiFallback?: boolean }): Arg[];
  reboot(dom: DomainRef, opts?: { wait?: boolean; acpiFallback?: boolean }): Arg[];
  destroy(dom: DomainRef): Arg[];
  pause(dom: DomainRef): Arg[];
  unpause(dom: DomainRef): Arg[];
  save(dom: DomainRef, file: string, opts?: { keepRunning?: boolean }): Arg[];
  restore(file: string, opts?: { paused?: boolean }): Arg[];
  /** null when the tool can't do it. */
  cdInsert(dom: DomainRef, vdev: string, path: string): Arg[] | null;
  cdEject(dom: DomainRef, vdev: string): Arg[] | null;
  memSet(dom: DomainRef, mib: number): Arg[];
  vcpuSet(dom: DomainRef, count: number): Arg[];
  vcpuPin(dom: DomainRef, vcpu: number | 'all', cpus: string): Arg[];
  rename(dom: DomainRef, newName: string): Arg[];
  /** Run with a pty (RS-7); Ctrl-] detaches. */
  console(dom: DomainRef): Arg[];
  xenstoreRead(path: string): Arg[];
  /** Two iterations: the first one's CPU(%) is always 0.0 (REFERENCE §4.7). */
  xentop(): Arg[];
}

function positiveInt(what: string, n: number): number {
  if (Number.isInteger(n) && n >= 1) return n;
  throw new ApiError({
    code: 'INVALID_INPUT',
    message: `The ${what} must be a positive whole number, not ${n}.`,
    hint: 'Enter a whole number of 1 or more.',
  });
}

const flag = (on: boolean | undefined, f: string): Arg[] => (on ? [f] : []);

export const xlCommands: CommandSet = {
  kind: 'xl',
  list: () => ['xl', 'list'],
  listLong: (dom) => ['xl', 'list', '-l', ...(dom === undefined ? [] : operands([dom]))],
  info: () => ['xl', 'info'],
  vcpuList: (dom) => ['xl', 'vcpu-list', ...(dom === undefined ? [] : operands([dom]))],
  domid: (name) => ['xl', 'domid', ...operands([name])],
  // Global -N precedes the subcommand: parse and build the config, create nothing.
  dryRunCreate: (cfgPath) => ['xl', '-N', 'create', ...operands([cfgPath])],
  create: (cfgPath, o = {}) => ['xl', 'create', ...flag(o.paused, '-p'), ...operands([cfgPath])],
  // -F: an HVM guest without PV drivers gets the ACPI power button instead of failing (rc=-10).
  shutdown: (dom, o = {}) => ['xl', 'shutdown', ...flag(o.wait, '-w'), ...flag(o.acpiFallback, '-F'), ...operands([dom])],
  reboot: (dom, o = {}) => ['xl', 'reboot', ...flag(o.wait, '-w'), ...flag(o.acpiFallback, '-F'), ...operands([dom])],
  destroy: (dom) => ['xl', 'destroy', ...operands([dom])],
  pause: (dom) => ['xl', 'pause', ...operands([dom])],
  unpause: (dom) => ['xl', 'unpause', ...operands([dom])],
  save: (dom, file, o = {}) => ['xl', 'save', ...flag(o.keepRunning, '-c'), ...operands([dom, file])],
  restore: (file, o = {}) => ['xl', 'restore', ...flag(o.paused, '-p'), ...operands([file])],
  cdInsert: (dom, vdev, path) => ['xl', 'cd-insert', ...operands([dom, vdev, path])],
  cdEject: (dom, vdev) => ['xl', 'cd-eject', ...operands([dom, vdev])],
  // An explicit unit: xl(1) and the code disagree on what a bare number means (REFERENCE §8.7).
  memSet: (dom, mib) => ['xl', 'mem-set', ...operands([dom, `${positiveInt('memory (MiB)', mib)}m`])],
  vcpuSet: (dom, count) => ['xl', 'vcpu-set', ...operands([dom, positiveInt('vCPU count', count)])],
  vcpuPin: (dom, vcpu, cpus) => ['xl', 'vcpu-pin', ...operands([dom, vcpu, cpus])],
  rename: (dom, newName) => ['xl', 'rename', ...operands([dom, checkNewDomainName(newName)])],
  console: (dom) => ['xl', 'console', '-t', 'serial', ...operands([dom])],
  xenstoreRead: (path) => ['xenstore-read', ...operands([path])],
  xentop: () => ['xentop', '-b', '-i', '2', '-d', '1'],
};

/**
 * xm (xend 3.x) hands these commands' arguments straight to arg_check, without getopt: a `--`
 * would be counted as an argument. So a name starting with "-" is refused instead (IN-7).
 */
const NO_DASH_DASH = { dashDash: false } as const;

export const xmCommands: CommandSet = {
  kind: 'xm',
  list: () => ['xm', 'list'],
  listLong: (dom) => ['xm', 'list', '--long', ...(dom === undefined ? [] : operands([dom]))],
  info: () => ['xm', 'info'],
  vcpuList: (dom) => ['xm', 'vcpu-list', ...(dom === undefined ? [] : operands([dom], NO_DASH_DASH))],
  domid: (name) => ['xm', 'domid', ...operands([name], NO_DASH_DASH)],
  dryRunCreate: () => null,
  // xm create reads its own option syntax, not getopt; an absolute path never starts with "-".
  create: (cfgPath, o = {}) => ['xm', 'create', ...flag(o.paused, '-p'), ...operands([cfgPath], { dashDash: false })],
  shutdown: (dom, o = {}) => ['xm', 'shutdown', ...flag(o.wait, '-w'), ...operands([dom])],
  reboot: (dom, o = {}) => ['xm', 'reboot', ...flag(o.wait, '-w'), ...operands([dom])],
  destroy: (dom) => ['xm', 'destroy', ...operands([dom], NO_DASH_DASH)],
  pause: (dom) => ['xm', 'pause', ...operands([dom], NO_DASH_DASH)],
  unpause: (dom) => ['xm', 'unpause', ...operands([dom], NO_DASH_DASH)],
  save: (dom, file) => ['xm', 'save', ...operands([dom, file], NO_DASH_DASH)],
  restore: (file) => ['xm', 'restore', ...operands([file], NO_DASH_DASH)],
  // xm has no cd-insert; xend 3.x swaps media with block-configure (REFERENCE §4.5).
  cdInsert: (dom, vdev, path) => ['xm', 'block-configure', ...operands([dom, `file:${path}`, `${vdev}:cdrom`, 'r'], NO_DASH_DASH)],
  cdEject: () => null,
  // xm takes MiB as a bare number.
  memSet: (dom, mib) => ['xm', 'mem-set', ...operands([dom, positiveInt('memory (MiB)', mib)], NO_DASH_DASH)],
  vcpuSet: (dom, count) => ['xm', 'vcpu-set', ...operands([dom, positiveInt('vCPU count', count)], NO_DASH_DASH)],
  vcpuPin: (dom, vcpu, cpus) => ['xm', 'vcpu-pin', ...operands([dom, vcpu, cpus], NO_DASH_DASH)],
  rename: (dom, newName) => ['xm', 'rename', ...operands([dom, checkNewDomainName(newName)], NO_DASH_DASH)],
  console: (dom) => ['xm', 'console', ...operands([dom], NO_DASH_DASH)],
  xenstoreRead: (path) => ['xenstore-read', ...operands([path])],
  xentop: () => ['xentop', '-b', '-i', '2', '-d', '1'],
};
