// Host profiles + one connection per host + toolstack + inventory + cfg files, in plain Node
// (issue 5). The CLI uses it directly; the contract handlers will call the same methods.
import { randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '@shared/api/errors';
import type { CfgFileText, CfgFileView, ConnectionChanged, ConnectionState, HostAddInput, HostKeyPrompted, HostUpdateInput, InventoryChanged } from '@shared/api/hosts-types';
import { HostConnection, type HostKeyPrompt, type UnknownKeyDecision } from '../hosts/connection';
import { HostSession, type Timers } from '../hosts/host-session';
import type { KnownHosts } from '../hosts/known-hosts';
import { KeyedSerial } from '../hosts/op-queue';
import { loadKnownHosts, OwnKnownHosts } from '../hosts/own-known-hosts';
import { DriftBaselines } from '../inventory/baselines';
import { InventoryCache } from '../inventory/cache';
import { diffInventory } from '../inventory/diff';
import { readInventoryAndCfgs } from '../inventory/refresh';
import { HostWatches } from '../inventory/watcher';
import type { HostInventory, InventoryGuest } from '../inventory/types';
import { hostCfgFiles, sweepStaleTemps } from '../remote/host-cfg-files';
import type { RemoteCfgFiles, WriteStep } from '../remote/sftp-files';
import { HostStore } from '../store/host-store';
import { passphraseSecretId, passwordSecretId, type HostAuth, type HostProfile } from '../store/host-profile';
import { notCancelled } from '../dispatch/not-cancelled';
import type { Secrets } from '../store/secrets';
import { detectToolstack, type Toolstack } from '../toolstack/adapter';
import { baseOf, parentOf } from '../remote/cfg-paths';
import { CfgTextCache } from './cfg-cache';
import { listCfgFiles, readCfgFile, type CachedCfgDeps } from './cfg-cache-read';
import type { ImportedHost } from './host-import';

export type DomainAction = 'start' | 'shutdown' | 'reboot' | 'destroy' | 'pause' | 'unpause';

/** What the guest operations (guest-ops*.ts) work with. */
export interface HostTools {
  profile: HostProfile;
  conn: HostConnection;
  toolstack: Toolstack;
}

export interface GuestOpContext extends HostTools {
  /** The host's guests as read just now. */
  guests: InventoryGuest[];
  /** The request's signal, for the reads before the changing command (never for the command: RS-4). */
  signal?: AbortSignal | undefined;
}

/** Where the service reports what happened; the contract's events are fed from here. */
export interface HostsEventSink {
  connectionChanged(e: ConnectionChanged): void;
  hostKeyPrompted(e: HostKeyPrompted): void;
  inventoryChanged(e: InventoryChanged): void;
}

export interface HostsServiceOptions {
  dataDir: string;
  secrets: Secrets;
  /** OpenSSH files read for host keys; defaults to ~/.ssh/known_hosts. */
  userKnownHosts?: string[];
  events?: HostsEventSink;
  /** How long an unknown-key prompt waits for the user before the key is refused. */
  hostKeyPromptMs?: number;
  /** Passed to each HostSession (tests make reconnects quick). */
  backoffBaseMs?: number;
  /** Passed to each HostConnection: a dead link is noticed within (countMax + 1) × interval. */
  keepaliveIntervalMs?: number;
  /** Timeout of the batched inventory command. */
  inventoryTimeoutMs?: number;
  /** Live inventory: watch domains with xenstore-watch where the host can (default true). */
  watch?: boolean;
  /** Safety poll of a watched host: read after this long without a domain event (watcher.ts, default 20 s). */
  watchSafetyMs?: number;
  /** Where notices go (stale temps removed, FS-3); defaults to the console. Never secrets. */
  log?: (line: string) => void;
  /** Test seam: called at each step of every cfg save (fault tests cut the connection there, FS-10). */
  cfgWriteStep?: (host: string, step: WriteStep, bytesWritten: number) => void | Promise<void>;
}

interface HostLive {
  session: HostSession;
  toolstacks: WeakMap<HostConnection, Promise<Toolstack>>;
  /** Inventory reads of this host, one after the other, so diffs are computed in order. */
  reads: Promise<unknown>;
}

interface PendingPrompt {
  fingerprint: string;
  answer: (d: UnknownKeyDecision) => void;
}

export interface InventoryResult {
  inventory: HostInventory | null;
  /** Set when the host could not be read now; `inventory` is then the last seen one, if any. */
  error?: ApiError;
}

export interface ImportReport {
  imported: string[];
  /** Sentences for the user about what was not kept (e.g. a password without a safe store). */
  notes: string[];
}

/** FS-10: how long a save whose reply was lost waits for the host to come back and tell what happened. */
const RECONCILE_WAIT_MS = 20_000;

// HostSession's timers must never keep the process alive after close.
const unrefTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class HostsService {
  private readonly hosts = new Map<string, HostLive>();
  private readonly last = new Map<string, HostInventory>();
  private readonly prompts = new Map<string, PendingPrompt>();
  /** Keys the user trusted "once": good for reconnects while this process runs, never written. */
  private readonly trustedOnce = new Set<string>();
  private readonly ops = new KeyedSerial();
  private readonly cache: InventoryCache;
  /** Drift directions per running guest, and the cfg texts last read, per host (issue 5 §6). */
  private readonly baselines: DriftBaselines;
  private readonly cfgCache: CfgTextCache;
  private readonly watches = new HostWatches();
  /** The live loop's current run, while one runs: a host coming online is watched at once. */
  private liveRun: AbortSignal | null = null;
  private readonly own: OwnKnownHosts;
  private closed = false;
  /** FS-3: per host id, temps of cut saves; per connection, whether its stale temps were swept. */
  private readonly abandonedTemps = new Map<string, Set<string>>();
  private readonly tempsSwept = new WeakSet<HostConnection>();

  private constructor(
    private readonly o: HostsServiceOptions,
    readonly store: HostStore,
    private knownHosts: KnownHosts,
  ) {
    this.cache = new InventoryCache(o.dataDir);
    this.baselines = new DriftBaselines(o.dataDir);
    this.cfgCache = new CfgTextCache(o.dataDir);
    this.own = new OwnKnownHosts(o.dataDir);
  }

  static async open(o: HostsServiceOptions): Promise<HostsService> {
    const store = await HostStore.open(o.dataDir);
    return new HostsService(o, store, await HostsService.loadKeys(o));
  }

  private static loadKeys(o: HostsServiceOptions): Promise<KnownHosts> {
    return loadKnownHosts({ userFiles: o.userKnownHosts ?? [join(homedir(), '.ssh', 'known_hosts')], own: new OwnKnownHosts(o.dataDir) });
  }

  profile(name: string): HostProfile {
    const p = this.store.get(name);
    if (p === undefined) {
      throw new ApiError({ code: 'HOST_NOT_FOUND', message: `There is no host named "${name}".`, hint: 'See the configured hosts with `xendeck hosts list`.', details: { host: name } });
    }
    return p;
  }

  /** The connection state of a host as the UI shows it. */
  stateOf(p: HostProfile): ConnectionState {
    const st = this.hosts.get(p.id)?.session.state.status;
    return st === 'online' ? 'online' : st === 'connecting' ? 'connecting' : 'offline';
  }

  /**
   * ST-7: a password goes to the Secrets store only when it persists safely there; otherwise it is
   * not kept and the note says what to do. A key file, when given, is the login method.
   */
  async importHosts(list: ImportedHost[]): Promise<ImportReport> {
    const report: ImportReport = { imported: [], notes: [] };
    for (const h of list) {
      // The id is chosen first so the profile is stored once, complete: the live loop may connect
      // any stored host at any moment, and an interim profile would log in the wrong way.
      const id = this.store.get(h.name)?.id ?? randomUUID();
      let auth: HostAuth;
      if (h.identityFile) auth = { method: 'key', keyFile: h.identityFile };
      else if (h.password !== undefined) auth = { method: 'password', secretId: passwordSecretId(id) };
      else auth = { method: 'agent' };
      // The secret first, for the same reason.
      if (auth.method === 'password') {
        if (this.o.secrets.persistent && h.password !== undefined) await this.o.secrets.set(auth.secretId, h.password);
        else report.notes.push(`The password of ${h.name} was not stored: ${this.o.secrets.notPersistentReason ?? 'no safe secret store is available'} Use the XenDeck app, or log in with ssh-agent or a key file.`);
      } else if (h.password !== undefined) {
        report.notes.push(`${h.name} logs in with ${h.identityFile}; its password was not stored.`);
      }
      await this.store.upsert({
        id,
        name: h.name,
        address: h.address,
        port: h.port ?? 22,
        user: h.user ?? 'root',
        auth,
        ...(h.hostKeyFingerprint ? { hostKeyFingerprint: h.hostKeyFingerprint } : {}),
        ...(h.cfgDirs ? { cfgDirs: h.cfgDirs } : h.cfgDir ? { cfgDirs: [h.cfgDir] } : {}),
        ...(h.saveDir ? { saveDir: h.saveDir } : {}),
      });
      report.imported.push(h.name);
    }
    return report;
  }

  /**
   * A new host from the UI (hosts.add). The password or passphrase goes to Secrets under an id
   * the profile names; it is never written to hosts.json and never returned (EH-8, ST-7).
   */
  async addHost(input: HostAddInput): Promise<{ profile: HostProfile; notes: string[] }> {
    const notes: string[] = [];
    const method = input.auth?.method ?? (input.password !== undefined ? 'password' : 'agent');
    const base = {
      name: input.name,
      address: input.address,
      port: input.port ?? 22,
      user: input.user ?? 'root',
      sudo: input.sudo ?? false,
      ...(input.jumpHost ? { jumpHost: input.jumpHost } : {}),
      ...(input.cfgDirs ? { cfgDirs: input.cfgDirs } : {}),
      ...(input.saveDir ? { saveDir: input.saveDir } : {}),
      ...(input.tags ? { tags: input.tags } : {}),
      ...(input.group ? { group: input.group } : {}),
      ...(input.hostKeyFingerprint ? { hostKeyFingerprint: input.hostKeyFingerprint } : {}),
    };
    // Secrets first, then the profile once, complete: the live loop may connect any stored host at
    // any moment, and an interim profile would log in the wrong way (and a refused login is final).
    const id = randomUUID();
    let auth: HostAuth;
    if (method === 'key' && input.auth?.method === 'key') {
      auth = { method: 'key', keyFile: input.auth.keyFile, ...(input.passphrase !== undefined ? { passphraseSecretId: passphraseSecretId(id) } : {}) };
      if (input.passphrase !== undefined) await this.o.secrets.set(passphraseSecretId(id), input.passphrase);
    } else if (method === 'password') {
      auth = { method: 'password', secretId: passwordSecretId(id) };
      if (input.password !== undefined) await this.o.secrets.set(passwordSecretId(id), input.password);
      else notes.push(`${input.name} logs in with a password, but none was given; XenDeck will fail to log in until one is set.`);
    } else if (method === 'keyboard-interactive') auth = { method: 'keyboard-interactive' };
    else auth = { method: 'agent' };
    if ((input.password !== undefined || input.passphrase !== undefined) && !this.o.secrets.persistent) {
      notes.push(`The secret of ${input.name} is kept for this session only: ${this.o.secrets.notPersistentReason ?? 'no safe secret store is available.'}`);
    }
    try {
      return { profile: await this.store.upsert({ id, ...base, auth }), notes };
    } catch (e) {
      // e.g. the name is taken: no secret stays behind under an id no profile names
      await this.o.secrets.delete(passwordSecretId(id));
      await this.o.secrets.delete(passphraseSecretId(id));
      throw e;
    }
  }

  /**
   * hosts.update: changes a profile in place (same id, so the same secret ids; EH-8, ST-7). When
   * how XenDeck logs in changed (address, port, user, auth, a secret, jump host, pinned key, sudo:
   * the toolstack is detected through it), the host's connection ends and a new one starts with
   * the new profile. The name, tags, group and directories keep it: those are read per operation.
   */
  async updateHost(input: HostUpdateInput): Promise<{ profile: HostProfile; notes: string[] }> {
    const old = this.profile(input.host);
    const id = old.id;
    const notes: string[] = [];
    const bad = (message: string, field: string) => new ApiError({ code: 'INVALID_INPUT', message, hint: 'Correct the field and save again.', details: { field } });
    let auth: HostAuth = old.auth;
    if (input.auth?.method === 'key') {
      const keepPassphrase = input.passphrase !== undefined || (old.auth.method === 'key' && old.auth.passphraseSecretId !== undefined);
      auth = { method: 'key', keyFile: input.auth.keyFile, ...(keepPassphrase ? { passphraseSecretId: passphraseSecretId(id) } : {}) };
    } else if (input.auth?.method === 'password') auth = { method: 'password', secretId: passwordSecretId(id) };
    else if (input.auth !== undefined) auth = { method: input.auth.method };
    if (input.passphrase !== undefined && auth.method === 'key') auth = { ...auth, passphraseSecretId: passphraseSecretId(id) };
    if (input.password !== undefined && auth.method !== 'password') throw bad(`${old.name} does not log in with a password; choose the password method to set one.`, 'password');
    if (input.passphrase !== undefined && auth.method !== 'key') throw bad(`${old.name} does not log in with a key file; a passphrase belongs to a key.`, 'passphrase');
    const { jumpHost: _j, group: _g, hostKeyFingerprint: _f, ...rest } = old;
    const pick = <T>(v: T | null | undefined, was: T | undefined) => (v === null ? undefined : (v ?? was));
    const jumpHost = pick(input.jumpHost, old.jumpHost);
    const group = pick(input.group, old.group);
    const hostKeyFingerprint = pick(input.hostKeyFingerprint, old.hostKeyFingerprint);
    const next = {
      ...rest,
      name: input.name ?? old.name,
      address: input.address ?? old.address,
      port: input.port ?? old.port,
      user: input.user ?? old.user,
      auth,
      sudo: input.sudo ?? old.sudo,
      cfgDirs: input.cfgDirs ?? old.cfgDirs,
      saveDir: input.saveDir ?? old.saveDir,
      tags: input.tags ?? old.tags,
      ...(jumpHost !== undefined ? { jumpHost } : {}),
      ...(group !== undefined ? { group } : {}),
      ...(hostKeyFingerprint !== undefined ? { hostKeyFingerprint } : {}),
    };
    // The store validates (a taken name is INVALID_INPUT) before any secret changes.
    const profile = await this.store.upsert(next);
    if (input.password !== undefined) await this.o.secrets.set(passwordSecretId(id), input.password);
    if (input.passphrase !== undefined) await this.o.secrets.set(passphraseSecretId(id), input.passphrase);
    if (auth.method !== 'password') await this.o.secrets.delete(passwordSecretId(id));
    if (auth.method !== 'key' || auth.passphraseSecretId === undefined) await this.o.secrets.delete(passphraseSecretId(id));
    if ((input.password !== undefined || input.passphrase !== undefined) && !this.o.secrets.persistent) {
      notes.push(`The secret of ${profile.name} is kept for this session only: ${this.o.secrets.notPersistentReason ?? 'no safe secret store is available.'}`);
    }
    if (auth.method === 'password' && old.auth.method !== 'password' && input.password === undefined) {
      notes.push(`${profile.name} logs in with a password, but none was given; XenDeck will fail to log in until one is set.`);
    }
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const loginChanged =
      input.password !== undefined ||
      input.passphrase !== undefined ||
      !same([old.address, old.port, old.user, old.auth, old.jumpHost, old.hostKeyFingerprint, old.sudo], [profile.address, profile.port, profile.user, profile.auth, profile.jumpHost, profile.hostKeyFingerprint, profile.sudo]);
    if (loginChanged) this.reconnectWithProfile(profile);
    return { profile, notes };
  }

  /** Ends the host's session (prompt, keys trusted once, watch, toolstack) and, if it was in use, starts a new one. */
  private reconnectWithProfile(p: HostProfile): void {
    const l = this.hosts.get(p.id);
    this.prompts.get(p.id)?.answer('refuse');
    for (const k of [...this.trustedOnce]) if (k.startsWith(`${p.id} `)) this.trustedOnce.delete(k);
    this.watches.remove(p.id);
    if (l === undefined) return;
    const wasUsed = l.session.state.status !== 'stopped';
    l.session.stop();
    this.hosts.delete(p.id);
    if (wasUsed && !this.closed) this.live(p).session.start();
  }

  /** Forgets a host: its connection, profile, secrets, last-seen inventory, drift baselines and cached cfg texts. */
  async removeHost(name: string): Promise<boolean> {
    const p = this.profile(name);
    this.hosts.get(p.id)?.session.stop();
    this.hosts.delete(p.id);
    this.watches.remove(p.id);
    this.last.delete(p.id);
    this.prompts.get(p.id)?.answer('refuse');
    for (const k of [...this.trustedOnce]) if (k.startsWith(`${p.id} `)) this.trustedOnce.delete(k);
    await this.o.secrets.delete(passwordSecretId(p.id));
    await this.o.secrets.delete(passphraseSecretId(p.id));
    await Promise.all([this.cache.remove(p.id), this.baselines.remove(p.id), this.cfgCache.remove(p.id)]);
    return this.store.remove(p.id);
  }

  /** Answers a pending unknown-key prompt (hosts.trustKey); false when none waits with that key. */
  answerHostKey(name: string, fingerprint: string, decision: UnknownKeyDecision): boolean {
    const p = this.profile(name);
    const pending = this.prompts.get(p.id);
    if (pending === undefined || pending.fingerprint !== fingerprint) return false;
    pending.answer(decision);
    return true;
  }

  private live(p: HostProfile): HostLive {
    let l = this.hosts.get(p.id);
    if (l !== undefined) return l;
    if (this.closed) throw new ApiError({ code: 'CANCELLED', message: 'XenDeck is shutting down.' });
    const session = new HostSession({
      host: p.name,
      timers: unrefTimers,
      ...(this.o.backoffBaseMs !== undefined ? { baseMs: this.o.backoffBaseMs } : {}),
      create: () =>
        new HostConnection({
          // The profile as stored now: an edit takes effect on the next connect.
          profile: this.store.get(p.id) ?? p,
          knownHosts: this.knownHosts,
          secrets: this.o.secrets,
          ...(this.o.keepaliveIntervalMs !== undefined ? { keepaliveIntervalMs: this.o.keepaliveIntervalMs } : {}),
          onUnknownHostKey: (prompt) => this.promptHostKey(p, prompt),
          rememberHostKey: async (host, port, keyType, key) => {
            await this.own.add(host, port, keyType, key);
            this.knownHosts = await HostsService.loadKeys(this.o);
          },
        }),
    });
    session.on('state', (st) => {
      if (st.status === 'stopped') return;
      this.o.events?.connectionChanged({
        host: this.store.get(p.id)?.name ?? p.name, // a rename keeps the session
        state: st.status,
        ...(st.reason ? { reason: st.reason } : {}),
        ...(st.retryInMs !== null ? { retryInMs: st.retryInMs } : {}),
      });
    });
    // Online (first connect or a reconnect) while the live inventory runs: watch and read now,
    // not at the next tick.
    session.on('state', (st) => {
      const run = this.liveRun;
      if (st.status === 'online' && run !== null && !run.aborted) void this.tick(p.id, run);
    });
    l = { session, toolstacks: new WeakMap(), reads: Promise.resolve() };
    this.hosts.set(p.id, l);
    return l;
  }

  private promptHostKey(p: HostProfile, prompt: HostKeyPrompt): Promise<UnknownKeyDecision> {
    const onceKey = `${p.id} ${prompt.fingerprint}`;
    if (this.trustedOnce.has(onceKey)) return Promise.resolve('once');
    return new Promise((resolve) => {
      this.prompts.get(p.id)?.answer('refuse');
      const timer = setTimeout(() => answer('refuse'), this.o.hostKeyPromptMs ?? 300_000).unref();
      const answer = (d: UnknownKeyDecision) => {
        clearTimeout(timer);
        if (this.prompts.get(p.id)?.answer === answer) this.prompts.delete(p.id);
        if (d === 'once') this.trustedOnce.add(onceKey);
        resolve(d);
      };
      this.prompts.set(p.id, { fingerprint: prompt.fingerprint, answer });
      this.o.events?.hostKeyPrompted({ host: this.store.get(p.id)?.name ?? p.name, fingerprint: prompt.fingerprint, keyType: prompt.keyType });
    });
  }

  /**
   * The host's connection once online. `retry` also attempts a host that is offline now (an
   * explicit user action); without it an offline host answers with the reason it went offline.
   */
  private async online(p: HostProfile, retry: boolean): Promise<HostConnection> {
    const { session } = this.live(p);
    const st = session.state.status;
    if (st === 'stopped' || (retry && st === 'offline')) session.start();
    for (;;) {
      const conn = session.connection;
      if (conn !== null) return conn;
      const now = session.state;
      if (now.status === 'offline' || now.status === 'stopped') {
        throw now.reason ? new ApiError(now.reason) : new ApiError({ code: 'HOST_UNREACHABLE', message: `${p.name} is not connected.`, details: { host: p.name } });
      }
      // A background reconnect after a failure may take the whole handshake deadline (a stalled
      // host): a read that did not ask to retry answers now, with the reason, from last-seen data.
      if (!retry && now.status === 'connecting' && now.reason !== null) throw new ApiError(now.reason);
      await new Promise<void>((resolve) => session.once('state', () => resolve()));
    }
  }

  private async connect(p: HostProfile, retry = true): Promise<{ conn: HostConnection; toolstack: Toolstack }> {
    const conn = await this.online(p, retry);
    const l = this.live(p);
    let ts = l.toolstacks.get(conn);
    if (ts === undefined) {
      ts = detectToolstack({ host: p.name, exec: (argv, opts) => conn.exec(argv, opts), sudo: p.sudo }).then((r) => r.toolstack);
      l.toolstacks.set(conn, ts);
      ts.catch(() => l.toolstacks.delete(conn));
    }
    if (!this.tempsSwept.has(conn)) {
      // FS-3: each new connection first clears what a cut save left behind (in the background).
      this.tempsSwept.add(conn);
      void sweepStaleTemps({ host: p.name, conn, cfgDirs: p.cfgDirs, abandoned: this.abandonedOf(p), log: this.o.log ?? ((line) => console.info(`[xendeck] ${line}`)) });
    }
    return { conn, toolstack: await ts };
  }

  /** Starts (or retries now) the host's connection and waits for the outcome. */
  async connectHost(name: string): Promise<ConnectionState> {
    const p = this.profile(name);
    await this.connect(p, true);
    return this.stateOf(p);
  }

  /** The ids of the configured hosts (for the live loop). */
  hostIds(): string[] {
    return this.store.list().map((h) => h.id);
  }

  /**
   * One live-loop tick for one host: connects a host never tried, leaves an offline one to its
   * session's backoff (or to the user). Online, it starts the host's domain watch on this
   * connection (ended by SIGNAL, the live loop's run) and reads the inventory, unless the watch
   * already runs: then the watch reads on events and at its safety deadline. Never throws.
   */
  async tick(hostId: string, signal?: AbortSignal): Promise<void> {
    const p = this.store.get(hostId);
    if (p === undefined || this.closed) return;
    if (signal !== undefined) this.liveRun = signal;
    const { session } = this.live(p);
    if (session.state.status === 'stopped') session.start();
    const conn = session.connection;
    if (conn === null) return;
    if (this.watches.running(p.id, conn) !== null) return;
    if (signal !== undefined && this.o.watch !== false) {
      this.watches.ensure(p.id, conn, signal, () => ({
        host: p.name,
        exec: (argv, opts) => conn.exec(argv, opts),
        sudo: p.sudo,
        ...(this.o.watchSafetyMs !== undefined ? { safetyMs: this.o.watchSafetyMs } : {}),
        read: () => this.inventory(p.id, false),
      }));
    }
    await this.inventory(p.id, false).catch(() => undefined);
  }

  /** How the live inventory follows the host now: watched, polled (with why it can't watch), or neither. */
  liveMode(hostName: string): { mode: 'watching' | 'polling' | 'idle'; reason?: string } {
    const p = this.profile(hostName);
    const conn = this.hosts.get(p.id)?.session.connection ?? null;
    if (conn === null) return { mode: 'idle' };
    if (this.watches.running(p.id, conn) !== null) return { mode: 'watching' };
    const reason = this.watches.unavailable(p.id, conn);
    return reason !== null ? { mode: 'polling', reason } : { mode: 'idle' };
  }

  /**
   * Reads the host now and pushes what changed; when it can't be reached, the last seen inventory
   * with the error. SIGNAL (a cancelled request) ends this read's command early: it is read-only.
   */
  async inventory(hostName: string, retry = false, signal?: AbortSignal): Promise<InventoryResult> {
    const p = this.profile(hostName);
    const l = this.live(p);
    const run = l.reads.then(() => this.readInventory(p, retry, signal));
    l.reads = run.catch(() => undefined);
    return run;
  }

  private async readInventory(p: HostProfile, retry: boolean, signal?: AbortSignal): Promise<InventoryResult> {
    let inv: HostInventory;
    let files: { path: string; text: string }[];
    try {
      const { conn, toolstack } = await this.connect(p, retry);
      ({ inventory: inv, files } = await readInventoryAndCfgs(
        { host: p.name, exec: (argv, opts) => conn.exec(argv, opts), kind: toolstack.kind, sudo: p.sudo, cfgDirs: p.cfgDirs },
        { timeoutMs: this.o.inventoryTimeoutMs ?? 20_000, ...(signal ? { signal } : {}) },
      ));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return { inventory: this.last.get(p.id) ?? (await this.cache.load(p.id)), error: e };
    }
    inv = { ...inv, guests: await this.baselines.apply(p.id, inv.guests) };
    // The batch read every cfg text of the cfg dirs: cached for offline reads (RS-10), never an error.
    await this.cfgCache
      .remember(p.id, files.map((f) => ({ dir: parentOf(f.path), name: baseOf(f.path), text: f.text })), { complete: p.cfgDirs })
      .catch(() => undefined);
    const before = this.last.get(p.id) ?? (await this.cache.load(p.id));
    this.last.set(p.id, inv);
    await this.cache.save(p.id, inv);
    const changes = diffInventory(before?.guests ?? [], inv.guests);
    if (changes.length > 0) this.o.events?.inventoryChanged({ host: p.name, at: inv.at, changes });
    return { inventory: inv };
  }

  /** Every host in parallel: one slow host never delays the others' connect (issue 5 §2). */
  async inventoryAll(): Promise<{ host: string; result: InventoryResult }[]> {
    const hosts = this.store.list();
    return Promise.all(hosts.map(async (h) => ({ host: h.name, result: await this.inventory(h.name) })));
  }

  private async guest(hostName: string, guestName: string, signal?: AbortSignal): Promise<{ p: HostProfile; live: { conn: HostConnection; toolstack: Toolstack }; guest: InventoryGuest }> {
    const p = this.profile(hostName);
    const live = await this.connect(p);
    const { inventory, error } = await this.inventory(hostName, false, signal);
    if (error) throw error;
    const guest = inventory?.guests.find((g) => g.name === guestName);
    if (guest === undefined) {
      throw new ApiError({
        code: 'DOMAIN_NOT_FOUND',
        message: `${hostName} has no guest named "${guestName}" (neither running nor in a cfg file).`,
        hint: 'See the guests with `xendeck ls`.',
        details: { host: hostName, domain: guestName },
      });
    }
    return { p, live, guest };
  }

  /**
   * Runs the action, then reads the host again so the change is pushed as an event. SIGNAL cancels
   * the reads before the changing command; once that is sent it runs to its end (RS-4).
   */
  async domainAction(hostName: string, guestName: string, action: DomainAction, knownDomid?: number, signal?: AbortSignal): Promise<void> {
    try {
      // RS-5: one changing operation at a time per guest; other guests never wait.
      await this.ops.run(`${this.profile(hostName).id}/${guestName}`, () => this.runDomainAction(hostName, guestName, action, knownDomid, signal));
    } finally {
      await this.inventory(hostName).catch(() => undefined);
    }
  }

  private async runDomainAction(hostName: string, guestName: string, action: DomainAction, knownDomid?: number, signal?: AbortSignal): Promise<void> {
    const reads = signal ? { signal } : {};
    const { live, guest } = await this.guest(hostName, guestName, signal);
    const ts = live.toolstack;
    if (action === 'start') {
      if (guest.domid !== null) {
        throw new ApiError({ code: 'INVALID_INPUT', message: `${guestName} is already running on ${hostName} (domain ${guest.domid}).`, details: { host: hostName, domain: guestName } });
      }
      if (guest.cfg === null) throw new ApiError({ code: 'FILE_NOT_FOUND', message: `${guestName} on ${hostName} has no cfg file to start it from.`, details: { host: hostName } });
      if (ts.kind === 'xl') await ts.validate(guest.cfg.path, reads);
      notCancelled(signal, `Starting ${guestName} on ${hostName}`);
      await ts.create(guest.cfg.path);
      return;
    }
    if (guest.domid === null) {
      throw new ApiError({ code: 'DOMAIN_NOT_FOUND', message: `${guestName} is not running on ${hostName}.`, hint: `Start it with \`xendeck start ${hostName}/${guestName}\`.`, details: { host: hostName, domain: guestName } });
    }
    // IN-3: the id is checked against the name right before the command (and against the id the user saw).
    const domid = await ts.resolve(guestName, knownDomid ?? guest.domid, reads);
    notCancelled(signal, `The ${action} of ${guestName} on ${hostName}`);
    if (action === 'shutdown') await ts.shutdown(domid);
    else if (action === 'reboot') await ts.reboot(domid);
    else if (action === 'destroy') await ts.destroy(domid);
    else if (action === 'pause') await ts.pause(domid);
    else await ts.unpause(domid);
  }

  /** The host's connection and toolstack, for the read-only guest queries (guest-ops-read.ts). */
  async hostTools(hostName: string): Promise<HostTools> {
    const profile = this.profile(hostName);
    return { profile, ...(await this.connect(profile)) };
  }

  /**
   * A changing guest operation (guest-ops.ts): RS-5 one at a time per guest, sharing domainAction's
   * queue; RS-4 run once and never replayed after a lost connection; the inventory is read just
   * before (FN gets it) and again afterwards, so the change is pushed as inventory.changed.
   */
  async guestOp<T>(hostName: string, guestName: string, fn: (ctx: GuestOpContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await this.ops.run(`${this.profile(hostName).id}/${guestName}`, async () => {
        const tools = await this.hostTools(hostName);
        const { inventory, error } = await this.inventory(hostName, false, signal);
        if (error) throw error;
        notCancelled(signal, `The operation on ${guestName} on ${hostName}`);
        return fn({ ...tools, guests: inventory?.guests ?? [], signal });
      });
    } finally {
      await this.inventory(hostName).catch(() => undefined);
    }
  }

  /** Cfg files of the host, saves checked by our parser and `xl -N create` (FS-7), a lost reply reconciled (FS-10). */
  async cfgFiles(hostName: string): Promise<RemoteCfgFiles> {
    const p = this.profile(hostName);
    const { conn, toolstack } = await this.connect(p);
    const step = this.o.cfgWriteStep;
    return hostCfgFiles({
      host: p.name,
      cfgDirs: p.cfgDirs,
      autostartDir: p.autostartDir,
      sudo: p.sudo,
      conn,
      toolstack,
      abandoned: this.abandonedOf(p),
      reconnect: () => this.connectionAfter(p, conn, RECONCILE_WAIT_MS),
      ...(step !== undefined ? { onStep: (s: WriteStep, n: number) => step(p.name, s, n) } : {}),
    });
  }

  private abandonedOf(p: HostProfile): Set<string> {
    let set = this.abandonedTemps.get(p.id);
    if (set === undefined) this.abandonedTemps.set(p.id, (set = new Set()));
    return set;
  }

  /** FS-10: the host's next connection after LOST, within MS; rejects when the host stays away. */
  private async connectionAfter(p: HostProfile, lost: HostConnection, ms: number): Promise<HostConnection> {
    const start = Date.now();
    const deadline = start + ms;
    const { session } = this.live(p);
    let started = 0;
    for (;;) {
      const c = session.connection;
      // LOST itself only if it is still up a second later (only its SFTP channel closed).
      if (c !== null && c.state === 'ready' && (c !== lost || Date.now() - start > 1000)) return c;
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) throw new ApiError({ code: 'HOST_UNREACHABLE', message: `${p.name} did not come back within ${Math.round(ms / 1000)} s.`, details: { host: p.name } });
      // The session's own backoff retries a transport failure; otherwise try now, at most every 2 s.
      const st = session.state;
      if ((st.status === 'stopped' || (st.status === 'offline' && st.retryInMs === null)) && Date.now() - started > 2000) {
        started = Date.now();
        session.start();
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          session.off('state', done);
          resolve();
        };
        const t = setTimeout(done, Math.min(500, left));
        session.once('state', done);
      });
    }
  }

  /** The cfg file of a guest as dir + name (for RemoteCfgFiles). */
  async cfgOf(hostName: string, guestName: string): Promise<{ dir: string; name: string; files: RemoteCfgFiles }> {
    const { guest } = await this.guest(hostName, guestName);
    if (guest.cfg === null) throw new ApiError({ code: 'FILE_NOT_FOUND', message: `${guestName} on ${hostName} has no cfg file in ${this.profile(hostName).cfgDirs.join(', ')}.`, details: { host: hostName } });
    const path = guest.cfg.path;
    const i = path.lastIndexOf('/');
    return { dir: path.slice(0, i) || '/', name: path.slice(i + 1), files: await this.cfgFiles(hostName) };
  }

  private cfgDeps(hostName: string): CachedCfgDeps {
    const p = this.profile(hostName);
    return { hostId: p.id, cfgDirs: p.cfgDirs, cache: this.cfgCache, files: () => this.cfgFiles(p.name), online: () => this.stateOf(p) === 'online' };
  }

  /** cfgFiles.read: from the host; while it is offline, the text last read from it with cachedAt (RS-10). */
  readCfgFile(hostName: string, dir: string, name: string): Promise<CfgFileText> {
    return readCfgFile(this.cfgDeps(hostName), dir, name);
  }

  /** cfgFiles.list: from the host; while it is offline, the files last seen there with cachedAt (RS-10). */
  listCfgFiles(hostName: string): Promise<CfgFileView[]> {
    return listCfgFiles(this.cfgDeps(hostName));
  }

  /** Ends every connection and retry timer; pending prompts are refused. */
  async close(): Promise<void> {
    this.closed = true;
    this.watches.stopAll();
    for (const pr of [...this.prompts.values()]) pr.answer('refuse');
    const all = [...this.hosts.values()];
    this.hosts.clear();
    for (const l of all) l.session.stop();
    await Promise.allSettled(all.map((l) => l.reads));
  }
}
