// The hosts, inventory, domains and cfgFiles areas of the contract (issue 5 §8), over HostsService.
// Inputs arrive parsed by the contract's schemas; what leaves is plain data without secrets (EH-8).
import { homedir } from 'node:os';
import { ApiError } from '@shared/api/errors';
import type { HostDraft, HostView, InventoryView } from '@shared/api/hosts-types';
import type { Dispatcher } from '../dispatch/dispatcher';
import type { Services } from '../dispatch/services';
import { importSshConfig } from '../hosts/ssh-config-import';
import type { HostProfile } from '../store/host-profile';
import { cdEject, cdInsert, memSet, rename, vcpuPin, vcpuSet } from './guest-ops';
import { hostInfo, metrics, vcpus } from './guest-ops-read';
import { restoreGuest, saveGuest, savedImages } from './guest-ops-save';
import type { DomainAction, HostsService } from './hosts-service';

export function hostView(p: HostProfile, state: HostView['state']): HostView {
  const auth: HostView['auth'] = p.auth.method === 'key' ? { method: 'key', keyFile: p.auth.keyFile } : { method: p.auth.method };
  return {
    id: p.id,
    name: p.name,
    address: p.address,
    port: p.port,
    user: p.user,
    auth,
    ...(p.jumpHost !== undefined ? { jumpHost: p.jumpHost } : {}),
    sudo: p.sudo,
    cfgDirs: p.cfgDirs,
    autostartDir: p.autostartDir,
    saveDir: p.saveDir,
    tags: p.tags,
    ...(p.group !== undefined ? { group: p.group } : {}),
    ...(p.hostKeyFingerprint !== undefined ? { hostKeyFingerprint: p.hostKeyFingerprint } : {}),
    state,
  };
}

function drafts(text: string): { drafts: HostDraft[]; skipped: { entry: string; reason: string }[] } {
  let r: ReturnType<typeof importSshConfig>;
  try {
    r = importSshConfig(text, { home: homedir() });
  } catch (e) {
    throw new ApiError({
      code: 'INVALID_INPUT',
      message: `The SSH config text could not be read: ${e instanceof Error ? e.message.slice(0, 200) : 'malformed'}.`,
      hint: 'Paste the contents of ~/.ssh/config as it is.',
    });
  }
  return {
    drafts: r.drafts.map((d) => ({
      name: d.name,
      address: d.address,
      ...(d.port !== undefined ? { port: d.port } : {}),
      ...(d.user !== undefined ? { user: d.user } : {}),
      ...(d.auth?.method === 'key' ? { auth: { method: 'key' as const, keyFile: d.auth.keyFile } } : d.auth?.method === 'agent' ? { auth: { method: 'agent' as const } } : {}),
      ...(d.jumpHost !== undefined ? { jumpHost: d.jumpHost } : {}),
    })),
    skipped: r.skipped,
  };
}

async function inventoryView(s: HostsService, host: string, signal?: AbortSignal): Promise<InventoryView> {
  const p = s.profile(host);
  const r = await s.inventory(host, false, signal);
  return {
    host: p.name,
    state: s.stateOf(p),
    lastSeen: r.inventory?.at ?? null,
    guests: r.inventory?.guests ?? [],
    ...(r.error ? { error: r.error.toInfo() } : {}),
  };
}

const ACTIONS: DomainAction[] = ['start', 'shutdown', 'reboot', 'destroy', 'pause', 'unpause'];

export function registerHostsHandlers(d: Dispatcher, services: Services): void {
  const area = services.hosts;
  const svc = () => area.service();

  d.handle('hosts.list', async () => {
    const s = await svc();
    return s.store.list().map((p) => hostView(p, s.stateOf(p)));
  });
  d.handle('hosts.add', async (input) => {
    const s = await svc();
    const { profile, notes } = await s.addHost(input);
    return { host: hostView(profile, s.stateOf(profile)), notes };
  });
  d.handle('hosts.update', async (input) => {
    const s = await svc();
    const { profile, notes } = await s.updateHost(input);
    return { host: hostView(profile, s.stateOf(profile)), notes };
  });
  d.handle('hosts.remove', async ({ host }) => ({ removed: await (await svc()).removeHost(host) }));
  d.handle('hosts.importSshConfig', ({ text }) => drafts(text));
  d.handle('hosts.connect', async ({ host }) => {
    const s = await svc();
    const state = await s.connectHost(host);
    return { host: s.profile(host).name, state };
  });
  d.handle('hosts.trustKey', async ({ host, fingerprint, mode }) => ({ answered: (await svc()).answerHostKey(host, fingerprint, mode) }));

  d.handle('inventory.get', async ({ host }, { signal }) => inventoryView(await svc(), host, signal));

  for (const action of ACTIONS) {
    d.handle(`domains.${action}`, async ({ host, name, domid }, { signal }) => {
      await (await svc()).domainAction(host, name, action, domid, signal);
      return { ok: true as const };
    });
  }

  // Guest operations (issue 5 §5): guest-ops*.ts.
  const ok = async (op: Promise<void>) => {
    await op;
    return { ok: true as const };
  };
  // The request's signal cancels the reads before the changing command, never the command (RS-4).
  d.handle('domains.memSet', async (i, { signal }) => ok(memSet(await svc(), { ...i, signal })));
  d.handle('domains.vcpuSet', async (i, { signal }) => ok(vcpuSet(await svc(), { ...i, signal })));
  d.handle('domains.vcpuPin', async (i, { signal }) => ok(vcpuPin(await svc(), { ...i, signal })));
  d.handle('domains.cdInsert', async (i, { signal }) => ok(cdInsert(await svc(), { ...i, signal })));
  d.handle('domains.cdEject', async (i, { signal }) => ok(cdEject(await svc(), { ...i, signal })));
  d.handle('domains.rename', async (i, { signal }) => ok(rename(await svc(), { ...i, signal })));
  d.handle('domains.save', async (i, { signal }) => saveGuest(await svc(), { ...i, signal }));
  d.handle('domains.restore', async (i, { signal }) => restoreGuest(await svc(), { ...i, signal }));
  d.handle('domains.savedImages', async (i) => savedImages(await svc(), i));
  d.handle('domains.vcpus', async (i, { signal }) => vcpus(await svc(), { ...i, signal }));
  d.handle('hosts.info', async ({ host }, { signal }) => hostInfo(await svc(), host, signal));
  d.handle('metrics.get', async ({ host }) => metrics(await svc(), host));

  // Offline, these two answer from the cache with cachedAt (RS-10); writes keep failing.
  d.handle('cfgFiles.list', async ({ host }) => (await svc()).listCfgFiles(host));
  d.handle('cfgFiles.read', async ({ host, dir, name }) => (await svc()).readCfgFile(host, dir, name));
  d.handle('cfgFiles.write', async ({ host, dir, name, text, expectedSha256, force }, { signal }) => {
    const files = await (await svc()).cfgFiles(host);
    return files.write(dir, name, text, { expected: force === true ? 'force' : (expectedSha256 ?? null), signal });
  });
  d.handle('cfgFiles.history', async ({ host, dir, name }) => (await (await svc()).cfgFiles(host)).history(dir, name));
  d.handle('cfgFiles.restore', async ({ host, dir, name, id, expectedSha256, force }) => {
    const files = await (await svc()).cfgFiles(host);
    return files.restore(dir, name, id, force === true ? 'force' : (expectedSha256 ?? null));
  });

  d.event('hosts.connectionChanged', (emit) => {
    area.events.on('connectionChanged', emit);
    return () => area.events.off('connectionChanged', emit);
  });
  d.event('hosts.hostKeyPrompted', (emit) => {
    area.events.on('hostKeyPrompted', emit);
    return () => area.events.off('hostKeyPrompted', emit);
  });
  d.event('inventory.changed', (emit) => {
    area.events.on('inventoryChanged', emit);
    const release = area.live.acquire();
    return () => {
      area.events.off('inventoryChanged', emit);
      release();
    };
  });
}
