// The data of the hosts, inventory, domains and cfgFiles areas of the contract (issue 5 §8):
// bounded zod inputs (EH-6) and the shapes the renderer receives. A host is named by its profile
// id or name, a guest by its name, a cfg file by one of the host's cfg directories plus a plain
// file name: never shell text, never an arbitrary remote path. Secrets go in, never out (EH-8).
import { z } from 'zod';
import { parseCpus } from '../cfg/sublang/cpus';
import type { ApiErrorInfo } from './errors';

/** A host profile's id or name. */
export const HostRef = z.string().min(1).max(128);
/** A guest name as the toolstack shows it; the core matches it exactly against the inventory. */
export const GuestName = z.string().min(1).max(128);
const Fingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'a fingerprint looks like SHA256: followed by 43 base64 characters');
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');
/** One of the host's cfg directories (checked against the profile by the core). */
const CfgDir = z.string().min(1).max(1024).regex(/^\/[^\0\n]*$/, 'an absolute directory on the host');
/** Where save images go; default `/var/lib/xen/save` (as xendomains' XENDOMAINS_SAVE). */
const SaveDir = z.string().min(2).max(1024).regex(/^\/[^\0\n]*[^/\0\n]$/, 'an absolute directory on the host');
/** A file name inside that directory: no slash, no NUL or newline, not a dot-file. */
const CfgName = z.string().min(1).max(255).regex(/^[^/\0\n.][^/\0\n]*$/, 'a plain file name');
const Secret = z.string().min(1).max(4096);

export const HostAuthInput = z.discriminatedUnion('method', [
  z.object({ method: z.literal('agent') }).strict(),
  z.object({ method: z.literal('key'), keyFile: z.string().min(1).max(4096) }).strict(),
  z.object({ method: z.literal('password') }).strict(),
  z.object({ method: z.literal('keyboard-interactive') }).strict(),
]);

export const HostAddInput = z
  .object({
    name: z.string().min(1).max(128),
    address: z.string().min(1).max(255).regex(/^[^\s/@]+$/, 'a host name or IP address, without spaces, "/" or "@"'),
    port: z.number().int().min(1).max(65535).optional(),
    user: z.string().min(1).max(64).regex(/^[^\s:@]+$/).optional(),
    auth: HostAuthInput.optional(),
    /** The login password (auth password / keyboard-interactive): kept by Secrets only. */
    password: Secret.optional(),
    /** The key file's passphrase (auth key): kept by Secrets only. */
    passphrase: Secret.optional(),
    jumpHost: z.string().min(1).max(512).optional(),
    sudo: z.boolean().optional(),
    cfgDirs: z.array(CfgDir).min(1).max(16).optional(),
    saveDir: SaveDir.optional(),
    tags: z.array(z.string().min(1).max(64)).max(32).optional(),
    group: z.string().min(1).max(128).optional(),
    hostKeyFingerprint: Fingerprint.optional(),
  })
  .strict();
export type HostAddInput = z.infer<typeof HostAddInput>;

/**
 * hosts.update: the fields to change, the rest kept. `name` renames the profile (its id stays);
 * `password`/`passphrase` replace the stored secret (empty = keep it); null clears the jump host,
 * group or pinned fingerprint (ST-4: the next connect then asks about the key again).
 */
export const HostUpdateInput = z
  .object({
    host: HostRef,
    ...HostAddInput.shape,
    name: HostAddInput.shape.name.optional(),
    address: HostAddInput.shape.address.optional(),
    jumpHost: z.string().min(1).max(512).nullable().optional(),
    group: z.string().min(1).max(128).nullable().optional(),
    hostKeyFingerprint: Fingerprint.nullable().optional(),
  })
  .strict();
export type HostUpdateInput = z.infer<typeof HostUpdateInput>;

export const HostOnly = z.object({ host: HostRef }).strict();
/**
 * The domain id the user saw, when known: IN-3's recreated-guest check then refuses to act on a
 * guest that was restarted meanwhile. Ids at or above DOMID_FIRST_RESERVED (0x7FF0) are never guests.
 */
const KnownDomid = z.number().int().min(1).max(0x7fef).optional();
/** A guest for a lifecycle action, optionally with the id the user saw (ignored by start). */
export const GuestRef = z.object({ host: HostRef, name: GuestName, domid: KnownDomid }).strict();
export const CfgFileRef = z.object({ host: HostRef, dir: CfgDir, name: CfgName }).strict();

/** Exactly one of expectedSha256 (compare-and-swap, null for a new file) or force. */
const casOnce = (v: { expectedSha256?: string | null; force?: true }) => (v.expectedSha256 !== undefined) !== (v.force === true);
const casMessage = 'give either expectedSha256 (null for a new file) or force: true';
const expectedSha256 = Sha256Hex.nullable().optional();
const force = z.literal(true).optional();

export const CfgWriteInput = z
  .object({ host: HostRef, dir: CfgDir, name: CfgName, text: z.string().max(1024 * 1024), expectedSha256, force })
  .strict()
  .refine(casOnce, casMessage);
export const CfgRestoreInput = z
  .object({ host: HostRef, dir: CfgDir, name: CfgName, id: z.string().min(1).max(255).regex(/^[^/\0\n]+$/), expectedSha256, force })
  .strict()
  .refine(casOnce, casMessage);

export const TrustKeyInput = z.object({ host: HostRef, fingerprint: Fingerprint, mode: z.enum(['once', 'always', 'refuse']) }).strict();

export type ConnectionState = 'connecting' | 'online' | 'offline';
export type DomainStateName = 'running' | 'blocked' | 'paused' | 'shutdown' | 'crashed' | 'dying' | 'stopped';

export interface HostView {
  id: string;
  name: string;
  address: string;
  port: number;
  user: string;
  /** The login method only: secret ids and secrets stay in main. */
  auth: { method: 'agent' | 'password' | 'keyboard-interactive' } | { method: 'key'; keyFile: string };
  jumpHost?: string;
  sudo: boolean;
  cfgDirs: string[];
  autostartDir: string;
  saveDir: string;
  tags: string[];
  group?: string;
  hostKeyFingerprint?: string;
  state: ConnectionState;
}

export interface HostAddResult {
  host: HostView;
  /** Sentences about what was not kept (e.g. a password held for this session only). */
  notes: string[];
}

export interface HostDraft {
  name: string;
  address: string;
  port?: number;
  user?: string;
  auth?: { method: 'agent' } | { method: 'key'; keyFile: string };
  jumpHost?: string;
}

export interface SshConfigDrafts {
  drafts: HostDraft[];
  skipped: { entry: string; reason: string }[];
}

export interface CfgSummaryView {
  path: string;
  name: string;
  memoryMiB?: number;
  maxMemoryMiB?: number;
  vcpus?: number;
  maxVcpus?: number;
  onPoweroff?: string;
  onReboot?: string;
  onCrash?: string;
}

export type LiveSummaryView = Omit<CfgSummaryView, 'path' | 'name'>;

/** A field drift is computed on (the cfg name in parentheses): memory, maxmem, vcpus, maxvcpus, on_poweroff, on_reboot, on_crash. */
export type DriftFieldName = 'memoryMiB' | 'maxMemoryMiB' | 'vcpus' | 'maxVcpus' | 'onPoweroff' | 'onReboot' | 'onCrash';

export type DriftKind =
  /** The file was edited after the guest started: the change takes effect on the next start. */
  | 'changed on disk, not applied'
  /** The guest was changed while running (mem-set, vcpu-set): the file still has the old value. */
  | 'changed live, not saved'
  | 'changed on disk and live'
  /** Already different when XenDeck first saw the guest run: the direction is unknown. */
  | 'differs';

/** One field where a running guest's cfg file and its running config disagree (issue 5 §6). */
export interface DriftView {
  field: DriftFieldName;
  /** The value in the cfg file; the value the running guest has. */
  disk: number | string | undefined;
  live: number | string | undefined;
  kind: DriftKind;
}

export interface GuestView {
  name: string;
  domid: number | null;
  state: DomainStateName;
  memoryMiB: number;
  vcpus: number;
  cfg: CfgSummaryView | null;
  live: LiveSummaryView | null;
  /**
   * Per-field drift of a running guest that has a cfg file: [] when they agree. Absent for a
   * stopped guest or one without a cfg file or running config (nothing to compare).
   */
  drift?: DriftView[];
}

export interface InventoryView {
  host: string;
  state: ConnectionState;
  /** ISO time the guests were read from the host; null when never. */
  lastSeen: string | null;
  /** The guests as last seen (read-only when offline). */
  guests: GuestView[];
  /** Why the host could not be read now. */
  error?: ApiErrorInfo;
}

export type InventoryChangeView =
  | { kind: 'added'; guest: GuestView }
  | { kind: 'removed'; name: string }
  | { kind: 'changed'; guest: GuestView; fields: (keyof GuestView)[] };

export interface CfgFileView {
  dir: string;
  name: string;
  size: number;
  /** Seconds since the epoch; 0 when unknown (a cached text only the inventory read). */
  mtime: number;
  /**
   * Set only when the host is offline and this comes from XenDeck's cache (issue 5 §6, RS-10):
   * the ISO time it was last read from the host. The UI shows it as "last seen …, read-only".
   */
  cachedAt?: string;
}

export interface CfgFileText extends CfgFileView {
  text: string;
  sha256: string;
  /** Permission bits; 0 when unknown (a cached text only the inventory read). */
  mode: number;
}

export interface CfgWriteResult {
  sha256: string;
  historyId: string | null;
  /** Sentences for the user: hard links detached (FS-5), xl's warnings or why it could not check (FS-7). */
  warnings: string[];
  /** FS-10: the reply was lost; the save was confirmed by reading the file again after reconnecting. */
  reconciled?: true;
}

export interface CfgHistoryView {
  id: string;
  at: string;
  size: number;
}

export interface ConnectionChanged {
  host: string;
  state: ConnectionState;
  reason?: ApiErrorInfo;
  retryInMs?: number;
}

export interface HostKeyPrompted {
  host: string;
  fingerprint: string;
  keyType: string;
}

export interface InventoryChanged {
  host: string;
  at: string;
  changes: InventoryChangeView[];
}

// ---- Guest operations (issue 5 §5): mem-set, vcpu-set/pin, CD, rename, save/restore, metrics ----

/** A running guest, optionally with the id the user saw. */
export const GuestOpRef = z.object({ host: HostRef, name: GuestName, domid: KnownDomid }).strict();
/** xl's largest memory size is far below this; the core compares with the guest's maxmem. */
export const MemSetInput = GuestOpRef.extend({ mib: z.number().int().min(1).max(16 * 1024 * 1024) }).strict();
/** The core compares with the guest's maxvcpus. */
export const VcpuSetInput = GuestOpRef.extend({ count: z.number().int().min(1).max(4096) }).strict();

/** A CPU list as xl's cpus= and vcpu-pin read it (`0-3,^2`, `all`, `node:1`), checked with the cfg engine's parser. */
export const CpusSpec = z
  .string()
  .min(1)
  .max(1024)
  .superRefine((v, ctx) => {
    const r = parseCpus(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: `${r.error.message} (column ${r.error.col})` });
    else if (r.value.items.length === 0) ctx.addIssue({ code: 'custom', message: 'name at least one CPU, e.g. "0-3" or "all"' });
  });
export const VcpuPinInput = GuestOpRef.extend({
  vcpu: z.union([z.number().int().min(0).max(4095), z.literal('all')]),
  cpus: CpusSpec,
}).strict();

/** A guest's virtual disk name as in a disk spec's vdev (`hdc`, `xvdb`, `sda`). */
const Vdev = z.string().min(2).max(16).regex(/^[a-z][a-z0-9]*$/, 'a virtual device such as hdc or xvdc');
/** An absolute path on the host; never a shell word (IN-1) and never an option (it starts with "/"). */
const HostPath = z.string().min(2).max(4096).regex(/^\/[^\0\n]*$/, 'an absolute path on the host, without newlines');
export const CdInsertInput = GuestOpRef.extend({ vdev: Vdev, path: HostPath }).strict();
export const CdEjectInput = GuestOpRef.extend({ vdev: Vdev }).strict();
/** The new name is checked by the core against IN-3's policy (INVALID_INPUT when refused). */
export const RenameInput = GuestOpRef.extend({ newName: GuestName }).strict();

/** Without `dir`, the host profile's saveDir. */
export const SaveInput = GuestOpRef.extend({ dir: SaveDir.optional() }).strict();
/** Restores the image named after the guest from the save directory. */
export const RestoreInput = z.object({ host: HostRef, name: GuestName, dir: SaveDir.optional() }).strict();
export const SavedImagesInput = z.object({ host: HostRef, dir: SaveDir.optional() }).strict();

export interface SavedImageView {
  /** The guest the image was saved from (the file is named after it). */
  name: string;
  path: string;
  size: number;
  /** ISO UTC time the image was written. */
  savedAt: string;
}

export interface SavedImagesView {
  host: string;
  dir: string;
  images: SavedImageView[];
}

export interface RestoreResult {
  ok: true;
  /** The image is removed once the guest runs again, as xendomains does: restoring it twice would corrupt the guest's disks. */
  imageRemoved: boolean;
}

/** One vCPU of a guest (`xl vcpu-list`), for a pin dialog. */
export interface VcpuView {
  vcpu: number;
  /** The physical CPU it runs on now; null when offline. */
  cpu: number | null;
  online: boolean;
  running: boolean;
  blocked: boolean;
  cpuTimeSec: number;
  /** As xl prints it: `all`, `0-3,8`. */
  hardAffinity: string;
  softAffinity?: string;
}

/** `xl info` / `xm info`: what the UI needs for bounds. */
export interface HostInfoView {
  host: string;
  toolstack: 'xl' | 'xm';
  hostname: string;
  xenVersion?: string;
  nrCpus?: number;
  cpuMhz?: number;
  totalMemoryMiB?: number;
  freeMemoryMiB?: number;
  scheduler?: string;
  hvm: boolean;
}

/** One domain in `xentop -b` (Domain-0 included: the UI decides). */
export interface DomainMetricsView {
  name: string;
  state: DomainStateName;
  cpuPercent: number;
  cpuTimeSec: number;
  memoryKiB: number;
  /** null = no limit (typically dom0). */
  maxMemoryKiB: number | null;
  vcpus: number;
  nets: number;
  netTxKiB: number;
  netRxKiB: number;
  vbds: number;
  vbdRd: number;
  vbdWr: number;
}

export interface MetricsView {
  host: string;
  /** ISO UTC time xentop was read. */
  at: string;
  rows: DomainMetricsView[];
}
