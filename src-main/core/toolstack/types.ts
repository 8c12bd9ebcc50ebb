// What the toolstack parsers return: host-independent facts about domains and hosts, the same
// whichever tool (xl, xm, xentop) produced them.

export const DOMAIN_STATES = ['running', 'blocked', 'paused', 'shutdown', 'crashed', 'dying', 'stopped'] as const;
export type DomainState = (typeof DOMAIN_STATES)[number];

/** One row of `xl list` / `xm list`. */
export interface DomainInfo {
  name: string;
  /** null for a guest that is defined (xend-managed or a cfg file) but not running. */
  domid: number | null;
  state: DomainState;
  /** The six state letters exactly as the tool printed them. */
  stateLetters: string;
  memoryMiB: number;
  vcpus: number;
  cpuTimeSec: number;
}

export interface DiskInfo {
  /** Backing path or device (`pdev_path`, or the part after `phy:`/`file:` in an xm uname). */
  target: string;
  vdev: string;
  format?: string;
  backend?: string;
  cdrom: boolean;
  readonly: boolean;
}

export interface NicInfo {
  mac?: string;
  bridge?: string;
  model?: string;
  type?: string;
  script?: string;
}

export interface VncInfo {
  enabled: boolean;
  listen?: string;
  display?: number;
  findUnused?: boolean;
  /** The password itself is never carried: it is a secret (ST-7). */
  hasPassword: boolean;
  /** `host:port` as xend reports it in the vfb device (xm ≥ 3.1). */
  location?: string;
}

/** The running configuration of one domain (`xl list -l` JSON or `xm list --long` SXP). */
export interface DomainConfigInfo {
  name: string;
  domid: number | null;
  uuid?: string;
  type?: string;
  memoryMiB?: number;
  maxMemoryMiB?: number;
  vcpus?: number;
  onlineVcpus?: number;
  boot?: string;
  serial?: string;
  vnc?: VncInfo;
  disks: DiskInfo[];
  nics: NicInfo[];
  onPoweroff?: string;
  onReboot?: string;
  onCrash?: string;
  /** Only the SXP form carries these. */
  state?: DomainState;
  cpuTimeSec?: number;
}

/** `xl info` / `xm info`. */
export interface HostInfo {
  hostname: string;
  release?: string;
  machine?: string;
  nrCpus?: number;
  cpuMhz?: number;
  totalMemoryMiB?: number;
  freeMemoryMiB?: number;
  xenMajor?: number;
  xenMinor?: number;
  xenVersion?: string;
  scheduler?: string;
  virtCaps: string[];
  hvm: boolean;
  xendConfigFormat?: number;
  /** Every key as printed, for the details view. */
  raw: Record<string, string>;
}

/** One domain in the last iteration of `xentop -b`. */
export interface DomainMetrics {
  name: string;
  state: DomainState;
  stateLetters: string;
  cpuTimeSec: number;
  cpuPercent: number;
  memoryKiB: number;
  /** null = no limit (typically dom0). */
  maxMemoryKiB: number | null;
  vcpus: number;
  nets: number;
  netTxKiB: number;
  netRxKiB: number;
  vbds: number;
  vbdOo: number;
  vbdRd: number;
  vbdWr: number;
  /** Absent from Xen 3.x xentop (17 columns). */
  vbdReadSectors?: number;
  vbdWriteSectors?: number;
}

/** One row of `xl vcpu-list` / `xm vcpu-list`. */
export interface VcpuInfo {
  name: string;
  domid: number;
  vcpu: number;
  /** null when the vCPU is offline. */
  cpu: number | null;
  running: boolean;
  blocked: boolean;
  online: boolean;
  cpuTimeSec: number;
  hardAffinity: string;
  softAffinity?: string;
}

/** Raised by a parser on output it does not recognise; the adapter turns it into an ApiError naming the host. */
export class OutputFormatError extends Error {
  constructor(
    readonly command: string,
    detail: string,
  ) {
    super(`the output of ${command} was not understood: ${detail}`);
    this.name = 'OutputFormatError';
  }
}

/** IN-8: output is untrusted; a sane upper bound keeps a broken or hostile host from eating memory. */
export const MAX_OUTPUT_CHARS = 16 * 1024 * 1024;

export function checkSize(command: string, text: string): void {
  if (text.length > MAX_OUTPUT_CHARS) throw new OutputFormatError(command, `it is larger than ${MAX_OUTPUT_CHARS} characters`);
}
