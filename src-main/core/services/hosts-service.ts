// Host profiles + one connection per host + toolstack + inventory + cfg files, in plain Node
// (issue 5). The CLI uses it directly; the contract handlers will call the same methods.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '@shared/api/errors';
import { HostConnection } from '../hosts/connection';
import { loadKnownHosts, OwnKnownHosts } from '../hosts/own-known-hosts';
import { InventoryCache } from '../inventory/cache';
import { readInventory } from '../inventory/refresh';
import type { HostInventory, InventoryGuest } from '../inventory/types';
import { RemoteCfgFiles } from '../remote/sftp-files';
import { HostStore } from '../store/host-store';
import { passwordSecretId, type HostAuth, type HostProfile } from '../store/host-profile';
import type { Secrets } from '../store/secrets';
import { detectToolstack, type Toolstack } from '../toolstack/adapter';
import type { ImportedHost } from './host-import';

export type DomainAction = 'start' | 'shutdown' | 'reboot' | 'destroy' | 'pause' | 'unpause';

export interface HostsServiceOptions {
  dataDir: string;
  secrets: Secrets;
  /** OpenSSH files read for host keys; defaults to ~/.ssh/known_hosts. */
  userKnownHosts?: string[];
}

interface Live {
  conn: HostConnection;
  toolstack: Toolstack;
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

export class HostsService {
  private readonly live = new Map<string, Promise<Live>>();
  private readonly cache: InventoryCache;

  private constructor(
    private readonly o: HostsServiceOptions,
    readonly store: HostStore,
  ) {
    this.cache = new InventoryCache(o.dataDir);
  }

  static async open(o: HostsServiceOptions): Promise<HostsService> {
    return new HostsService(o, await HostStore.open(o.dataDir));
  }

  profile(name: string): HostProfile {
    const p = this.store.get(name);
    if (p === undefined) {
      throw new ApiError({ code: 'HOST_NOT_FOUND', message: `There is no host named "${name}".`, hint: 'See the configured hosts with `xendeck hosts list`.', details: { host: name } });
    }
    return p;
  }

  /**
   * ST-7: a password goes to the Secrets store only when it persists safely there; otherwise it is
   * not kept and the note says what to do. A key file, when given, is the login method.
   */
  async importHosts(list: ImportedHost[]): Promise<ImportReport> {
    const report: ImportReport = { imported: [], notes: [] };
    for (const h of list) {
      const existing = this.store.get(h.name);
      const id = existing?.id ?? undefined;
      let auth: HostAuth;
      let password: string | undefined;
      if (h.identityFile) auth = { method: 'key', keyFile: h.identityFile };
      else if (h.password !== undefined) auth = { method: 'password', secretId: 'pending' };
      else auth = { method: 'agent' };
      const saved = await this.store.upsert({
        ...(id ? { id } : {}),
        name: h.name,
        address: h.address,
        port: h.port ?? 22,
        user: h.user ?? 'root',
        auth,
        ...(h.hostKeyFingerprint ? { hostKeyFingerprint: h.hostKeyFingerprint } : {}),
        ...(h.cfgDirs ? { cfgDirs: h.cfgDirs } : h.cfgDir ? { cfgDirs: [h.cfgDir] } : {}),
      });
      if (auth.method === 'password') {
        const secretId = passwordSecretId(saved.id);
        await this.store.upsert({ ...saved, auth: { method: 'password', secretId } });
        password = h.password;
        if (this.o.secrets.persistent && password !== undefined) await this.o.secrets.set(secretId, password);
        else report.notes.push(`The password of ${h.name} was not stored: ${this.o.secrets.notPersistentReason ?? 'no safe secret store is available'} Use the XenDeck app, or log in with ssh-agent or a key file.`);
      } else if (h.password !== undefined) {
        report.notes.push(`${h.name} logs in with ${h.identityFile}; its password was not stored.`);
      }
      report.imported.push(h.name);
    }
    return report;
  }

  private connect(p: HostProfile): Promise<Live> {
    let l = this.live.get(p.id);
    if (l === undefined) {
      l = (async () => {
        const own = new OwnKnownHosts(this.o.dataDir);
        const knownHosts = await loadKnownHosts({ userFiles: this.o.userKnownHosts ?? [join(homedir(), '.ssh', 'known_hosts')], own });
        const conn = new HostConnection({ profile: p, knownHosts, secrets: this.o.secrets });
        await conn.connect();
        const { toolstack } = await detectToolstack({ host: p.name, exec: (argv, opts) => conn.exec(argv, opts), sudo: p.sudo });
        return { conn, toolstack };
      })();
      this.live.set(p.id, l);
      l.catch(() => this.live.delete(p.id));
    }
    return l;
  }

  /** Reads the host now; when it can't be reached, returns the cached last-seen inventory with the error. */
  async inventory(hostName: string): Promise<InventoryResult> {
    const p = this.profile(hostName);
    try {
      const { conn, toolstack } = await this.connect(p);
      const inv = await readInventory({ host: p.name, exec: (argv, opts) => conn.exec(argv, opts), kind: toolstack.kind, sudo: p.sudo, cfgDirs: p.cfgDirs });
      await this.cache.save(p.id, inv);
      return { inventory: inv };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return { inventory: await this.cache.load(p.id), error: e };
    }
  }

  /** Every host in parallel: one slow host never delays the others' connect (issue 5 §2). */
  async inventoryAll(): Promise<{ host: string; result: InventoryResult }[]> {
    const hosts = this.store.list();
    return Promise.all(hosts.map(async (h) => ({ host: h.name, result: await this.inventory(h.name) })));
  }

  private async guest(hostName: string, guestName: string): Promise<{ p: HostProfile; live: Live; guest: InventoryGuest }> {
    const p = this.profile(hostName);
    const live = await this.connect(p);
    const { inventory, error } = await this.inventory(hostName);
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

  async domainAction(hostName: string, guestName: string, action: DomainAction): Promise<void> {
    const { live, guest } = await this.guest(hostName, guestName);
    const ts = live.toolstack;
    if (action === 'start') {
      if (guest.domid !== null) {
        throw new ApiError({ code: 'INVALID_INPUT', message: `${guestName} is already running on ${hostName} (domain ${guest.domid}).`, details: { host: hostName, domain: guestName } });
      }
      if (guest.cfg === null) throw new ApiError({ code: 'FILE_NOT_FOUND', message: `${guestName} on ${hostName} has no cfg file to start it from.`, details: { host: hostName } });
      if (ts.kind === 'xl') await ts.validate(guest.cfg.path);
      await ts.create(guest.cfg.path);
      return;
    }
    if (guest.domid === null) {
      throw new ApiError({ code: 'DOMAIN_NOT_FOUND', message: `${guestName} is not running on ${hostName}.`, hint: `Start it with \`xendeck start ${hostName}/${guestName}\`.`, details: { host: hostName, domain: guestName } });
    }
    // IN-3: the id is checked against the name right before the command.
    const domid = await ts.resolve(guestName, guest.domid);
    if (action === 'shutdown') await ts.shutdown(domid);
    else if (action === 'reboot') await ts.reboot(domid);
    else if (action === 'destroy') await ts.destroy(domid);
    else if (action === 'pause') await ts.pause(domid);
    else await ts.unpause(domid);
  }

  async cfgFiles(hostName: string): Promise<RemoteCfgFiles> {
    const p = this.profile(hostName);
    const { conn } = await this.connect(p);
    return new RemoteCfgFiles({ host: p.name, conn, cfgDirs: p.cfgDirs });
  }

  /** The cfg file of a guest as dir + name (for RemoteCfgFiles). */
  async cfgOf(hostName: string, guestName: string): Promise<{ dir: string; name: string; files: RemoteCfgFiles }> {
    const { guest } = await this.guest(hostName, guestName);
    if (guest.cfg === null) throw new ApiError({ code: 'FILE_NOT_FOUND', message: `${guestName} on ${hostName} has no cfg file in ${this.profile(hostName).cfgDirs.join(', ')}.`, details: { host: hostName } });
    const path = guest.cfg.path;
    const i = path.lastIndexOf('/');
    return { dir: path.slice(0, i) || '/', name: path.slice(i + 1), files: await this.cfgFiles(hostName) };
  }

  async close(): Promise<void> {
    const all = [...this.live.values()];
    this.live.clear();
    for (const l of await Promise.allSettled(all)) if (l.status === 'fulfilled') l.value.conn.close();
  }
}
