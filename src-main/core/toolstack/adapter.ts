// One adapter interface for xl and xm hosts. It runs commands through an injected exec (local
// in tests, ssh2 later) and turns output into typed results and errors. Commands are argv arrays;
// the exec function quotes them with argv.ts (IN-1).
import { ApiError } from '@shared/api/errors';
import type { Arg } from '../remote/argv';
import { xlCommands, xmCommands, type CommandSet, type DomainRef, type ToolstackKind } from './commands';
import { escapeControl, toolstackError, type ExecResult } from './errors';
import { parseInfo } from './info';
import { parseXlListLong } from './list-json';
import { parseListTable } from './list-table';
import { parseXmListLong } from './sxp-domain';
import { OutputFormatError, type DomainConfigInfo, type DomainInfo, type DomainMetrics, type HostInfo, type VcpuInfo } from './types';
import { parseVcpuList } from './vcpu-list';
import { parseVncPort, parseXenstoreValue, vncListenPath, vncPortPath } from './xenstore';
import { parseXentop } from './xentop';

export type { ExecResult } from './errors';

export interface ExecOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Runs one command on the host. Resolves with the outcome whatever the exit status. */
export type Exec = (argv: readonly Arg[], opts?: ExecOptions) => Promise<ExecResult>;

export interface VncEndpoint {
  /** Address QEMU listens on, as seen from the dom0 (tunnel to it when it is loopback). */
  listen: string;
  port: number;
}

export interface Toolstack {
  readonly kind: ToolstackKind;
  readonly commands: CommandSet;
  list(opts?: ExecOptions): Promise<DomainInfo[]>;
  listLong(dom?: DomainRef, opts?: ExecOptions): Promise<DomainConfigInfo[]>;
  info(opts?: ExecOptions): Promise<HostInfo>;
  vcpuList(dom?: DomainRef, opts?: ExecOptions): Promise<VcpuInfo[]>;
  domid(name: string, opts?: ExecOptions): Promise<number>;
  /**
   * IN-3: the domid a running guest has right now, looked up by exact name in the list (so a
   * name of digits is never taken for an id). With `knownDomid` (what the user saw), refuses
   * when the name now maps to another id: the guest was recreated meanwhile.
   */
  resolve(name: string, knownDomid?: number, opts?: ExecOptions): Promise<number>;
  /** Checks a cfg with `xl -N create`; false when the tool has no dry run (xm). Throws CFG_INVALID. */
  validate(cfgPath: string, opts?: ExecOptions): Promise<boolean>;
  create(cfgPath: string, o?: { paused?: boolean }, opts?: ExecOptions): Promise<void>;
  shutdown(dom: DomainRef, o?: { wait?: boolean; acpiFallback?: boolean }, opts?: ExecOptions): Promise<void>;
  reboot(dom: DomainRef, o?: { wait?: boolean; acpiFallback?: boolean }, opts?: ExecOptions): Promise<void>;
  destroy(dom: DomainRef, opts?: ExecOptions): Promise<void>;
  pause(dom: DomainRef, opts?: ExecOptions): Promise<void>;
  unpause(dom: DomainRef, opts?: ExecOptions): Promise<void>;
  save(dom: DomainRef, file: string, o?: { keepRunning?: boolean }, opts?: ExecOptions): Promise<void>;
  restore(file: string, o?: { paused?: boolean }, opts?: ExecOptions): Promise<void>;
  cdInsert(dom: DomainRef, vdev: string, path: string, opts?: ExecOptions): Promise<void>;
  cdEject(dom: DomainRef, vdev: string, opts?: ExecOptions): Promise<void>;
  memSet(dom: DomainRef, mib: number, opts?: ExecOptions): Promise<void>;
  vcpuSet(dom: DomainRef, count: number, opts?: ExecOptions): Promise<void>;
  vcpuPin(dom: DomainRef, vcpu: number | 'all', cpus: string, opts?: ExecOptions): Promise<void>;
  rename(dom: DomainRef, newName: string, opts?: ExecOptions): Promise<void>;
  /** The argv for an interactive serial console (run it with a pty). */
  consoleArgv(dom: DomainRef): Arg[];
  /** null when the guest has no VNC (yet): the key appears only once the device model runs. */
  vncEndpoint(domid: number, opts?: ExecOptions): Promise<VncEndpoint | null>;
  metrics(opts?: ExecOptions): Promise<DomainMetrics[]>;
}

export interface ToolstackOptions {
  /** The host's display name, used in every error sentence. */
  host: string;
  exec: Exec;
  /** Prefix every command with `sudo -n` (non-root login, ST-9). */
  sudo?: boolean;
}

class CommandToolstack implements Toolstack {
  readonly kind: ToolstackKind;

  constructor(
    readonly commands: CommandSet,
    private readonly o: ToolstackOptions,
  ) {
    this.kind = commands.kind;
  }

  private async run(argv: Arg[] | null, opts?: ExecOptions, domain?: DomainRef): Promise<string> {
    if (argv === null) throw this.unsupported();
    const full = this.o.sudo ? ['sudo', '-n', ...argv] : argv;
    const r = await this.o.exec(full, opts);
    if (r.code !== 0) throw toolstackError(this.o.host, full, r, domain === undefined ? undefined : String(domain));
    return r.stdout;
  }

  private parse<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof OutputFormatError)) throw e;
      throw new ApiError({
        code: 'COMMAND_FAILED',
        message: `On ${this.o.host}, ${e.message}.`,
        hint: 'The host may run a Xen version XenDeck does not know yet; please report it with the output.',
        details: { host: this.o.host, command: e.command },
      });
    }
  }

  private unsupported(): ApiError {
    return new ApiError({
      code: 'COMMAND_FAILED',
      message: `${this.o.host} uses ${this.kind}, which can't do this operation.`,
      hint: 'Do it on the host by hand, or upgrade the host to the xl toolstack.',
      details: { host: this.o.host },
    });
  }

  async list(opts?: ExecOptions) {
    const out = await this.run(this.commands.list(), opts);
    return this.parse(() => parseListTable(out, this.kind));
  }

  async listLong(dom?: DomainRef, opts?: ExecOptions) {
    const out = await this.run(this.commands.listLong(dom), opts, dom);
    return this.parse(() => (this.kind === 'xl' ? parseXlListLong(out) : parseXmListLong(out)));
  }

  async info(opts?: ExecOptions) {
    const out = await this.run(this.commands.info(), opts);
    return this.parse(() => parseInfo(out, this.kind));
  }

  async vcpuList(dom?: DomainRef, opts?: ExecOptions) {
    const out = await this.run(this.commands.vcpuList(dom), opts, dom);
    return this.parse(() => parseVcpuList(out, this.kind));
  }

  async domid(name: string, opts?: ExecOptions) {
    const out = (await this.run(this.commands.domid(name), opts, name)).trim();
    return this.parse(() => {
      if (!/^\d+$/.test(out)) throw new OutputFormatError(`${this.kind} domid`, `"${out.slice(0, 40)}" is not a domain id`);
      return Number(out);
    });
  }

  async resolve(name: string, knownDomid?: number, opts?: ExecOptions) {
    const rows = (await this.list(opts)).filter((d) => d.name === name && d.domid !== null);
    const notFound = (why: string) =>
      new ApiError({
        code: 'DOMAIN_NOT_FOUND',
        message: `${why} on ${this.o.host}.`,
        hint: 'Refresh the list and try again.',
        details: { host: this.o.host, domain: escapeControl(name) },
      });
    if (rows.length === 0) throw notFound(`There is no guest "${escapeControl(name)}" running`);
    if (rows.length > 1) throw notFound(`Several guests are named "${escapeControl(name)}"`);
    const domid = rows[0].domid as number;
    if (knownDomid !== undefined && domid !== knownDomid) {
      throw notFound(`The guest "${escapeControl(name)}" was restarted (its id is now ${domid}, not ${knownDomid}), so nothing was done`);
    }
    return domid;
  }

  async validate(cfgPath: string, opts?: ExecOptions) {
    const argv = this.commands.dryRunCreate(cfgPath);
    if (argv === null) return false;
    await this.run(argv, opts);
    return true;
  }

  async create(cfgPath: string, o?: { paused?: boolean }, opts?: ExecOptions) {
    await this.run(this.commands.create(cfgPath, o), opts);
  }
  async shutdown(dom: DomainRef, o?: { wait?: boolean; acpiFallback?: boolean }, opts?: ExecOptions) {
    await this.run(this.commands.shutdown(dom, o), opts, dom);
  }
  async reboot(dom: DomainRef, o?: { wait?: boolean; acpiFallback?: boolean }, opts?: ExecOptions) {
    await this.run(this.commands.reboot(dom, o), opts, dom);
  }
  async destroy(dom: DomainRef, opts?: ExecOptions) {
    await this.run(this.commands.destroy(dom), opts, dom);
  }
  async pause(dom: DomainRef, opts?: ExecOptions) {
    await this.run(this.commands.pause(dom), opts, dom);
  }
  async unpause(dom: DomainRef, opts?: ExecOptions) {
    await this.run(this.commands.unpause(dom), opts, dom);
  }
  async save(dom: DomainRef, file: string, o?: { keepRunning?: boolean }, opts?: ExecOptions) {
    await this.run(this.commands.save(dom, file, o), opts, dom);
  }
  async restore(file: string, o?: { paused?: boolean }, opts?: ExecOptions) {
    await this.run(this.commands.restore(file, o), opts);
  }
  async cdInsert(dom: DomainRef, vdev: string, path: string, opts?: ExecOptions) {
    await this.run(this.commands.cdInsert(dom, vdev, path), opts, dom);
  }
  async cdEject(dom: DomainRef, vdev: string, opts?: ExecOptions) {
    await this.run(this.commands.cdEject(dom, vdev), opts, dom);
  }
  async memSet(dom: DomainRef, mib: number, opts?: ExecOptions) {
    await this.run(this.commands.memSet(dom, mib), opts, dom);
  }
  async vcpuSet(dom: DomainRef, count: number, opts?: ExecOptions) {
    await this.run(this.commands.vcpuSet(dom, count), opts, dom);
  }
  async vcpuPin(dom: DomainRef, vcpu: number | 'all', cpus: string, opts?: ExecOptions) {
    await this.run(this.commands.vcpuPin(dom, vcpu, cpus), opts, dom);
  }
  async rename(dom: DomainRef, newName: string, opts?: ExecOptions) {
    await this.run(this.commands.rename(dom, newName), opts, dom);
  }

  consoleArgv(dom: DomainRef): Arg[] {
    const argv = this.commands.console(dom);
    return this.o.sudo ? ['sudo', '-n', ...argv] : argv;
  }

  async vncEndpoint(domid: number, opts?: ExecOptions): Promise<VncEndpoint | null> {
    const read = async (path: string): Promise<string | null> => {
      const argv = this.commands.xenstoreRead(path);
      const full = this.o.sudo ? ['sudo', '-n', ...argv] : argv;
      const r = await this.o.exec(full, opts);
      // A missing key is the normal "no VNC (yet)" answer, not a failure.
      if (r.code !== 0) {
        if (/could(n't| not) read path|No such file/i.test(r.stderr)) return null;
        throw toolstackError(this.o.host, full, r);
      }
      return r.stdout;
    };
    const port = await read(vncPortPath(domid));
    if (port === null) return null;
    const listen = await read(vncListenPath(domid));
    return this.parse(() => ({
      port: parseVncPort(port),
      listen: listen === null ? '127.0.0.1' : parseXenstoreValue(listen).trim() || '127.0.0.1',
    }));
  }

  async metrics(opts?: ExecOptions) {
    const out = await this.run(this.commands.xentop(), opts);
    return this.parse(() => parseXentop(out));
  }
}

export function xlToolstack(o: ToolstackOptions): Toolstack {
  return new CommandToolstack(xlCommands, o);
}

export function xmToolstack(o: ToolstackOptions): Toolstack {
  return new CommandToolstack(xmCommands, o);
}

/**
 * Which toolstack a host has (REFERENCE §9): `xl info` working means xl; otherwise `xm info`.
 * Not root and no sudo → NEEDS_ROOT; neither tool → TOOLSTACK_MISSING.
 */
export async function detectToolstack(o: ToolstackOptions, opts?: ExecOptions): Promise<{ toolstack: Toolstack; info: HostInfo }> {
  const xl = xlToolstack(o);
  let xlError: ApiError | undefined;
  try {
    return { toolstack: xl, info: await xl.info(opts) };
  } catch (e) {
    if (!(e instanceof ApiError) || e.code === 'CANCELLED' || e.code === 'TIMEOUT' || e.code === 'HOST_UNREACHABLE') throw e;
    xlError = e;
  }
  const xm = xmToolstack(o);
  try {
    return { toolstack: xm, info: await xm.info(opts) };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    // xl exists but refused (e.g. root needed): that is the more useful message.
    if (e.code === 'TOOLSTACK_MISSING' && xlError.code !== 'TOOLSTACK_MISSING') throw xlError;
    if (e.code === 'TOOLSTACK_MISSING' && xlError.code === 'TOOLSTACK_MISSING') {
      throw new ApiError({
        code: 'TOOLSTACK_MISSING',
        message: `Neither xl nor xm was found on ${o.host}.`,
        hint: 'Check that the host is a Xen dom0 with the Xen tools installed, and that they are on the login PATH.',
        details: { host: o.host },
      });
    }
    throw e;
  }
}
