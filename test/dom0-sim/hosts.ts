// Start and stop simulated Xen dom0 hosts: one real sshd each, a toolstack simulator first on
// the test user's PATH, ready guests in its cfg directory, and state of its own.
//
//   DIR/hosts.json            [{name, address, port, user, identityFile, password?,
//                               hostKeyFingerprint, toolstack, cfgDir, saveDir}]
//   DIR/known_hosts           the hosts' keys, for `ssh -o UserKnownHostsFile=…`
//   DIR/ssh_config            `ssh -F DIR/ssh_config dom0-1 xl list` works
//   DIR/client_ed25519        the test user's key (authorized on every host)
//   DIR/hosts/<name>/         one host: see toolstack/xensim/state.py for the layout
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { copyFile, truncate } from 'node:fs/promises';
import { createServer } from 'node:net';
import { hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureGuestImage } from '../guest/build';
import { ensureXluHarness } from '../xlu-harness/build';
import { readyGuests, readSeed } from './guest-configs';
import { toolstackDir } from './paths';
import { descendants, isAlive, pidsHoldingSocket, pidsWithEnv, signal, waitGone } from './procs';
import { fingerprint, keygen, spawnSshd, waitForBanner, writeSshdConfig, type SshdSpec } from './sshd';

export type Toolstack = 'xl' | 'xm';

export interface HostInfo {
  name: string;
  address: string;
  port: number;
  user: string;
  identityFile: string;
  password?: string;
  /** `SHA256:…` exactly as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  toolstack: Toolstack;
  /** The host's /etc/xen: where its guest cfg files live. */
  cfgDir: string;
  /** The host's /var/lib/xen/save (made on first save): save images stay in the host's own tree. */
  saveDir: string;
}

export interface StartOptions {
  count: number;
  /** How many of the hosts (the last ones) are legacy xm hosts. */
  legacy?: number;
  /** The first host also accepts password logins (password in hosts.json). */
  passwordHost?: boolean;
  /** Also create every ready guest on every host (for the demo; ~37 MB of RAM per guest). */
  startGuests?: boolean;
  /** sshd's MaxSessions (channels per connection). Default 10, OpenSSH's own default, so a client
   * that opens too many channels fails here as it would on a real dom0 (RELIABILITY RS-9). */
  maxSessions?: number;
  dir: string;
}

export const TEST_PASSWORD = 'xendeck-test-pw';

/** Internal per-host facts, kept in DIR/hosts/<name>/host.json (read by the Python side too). */
interface HostFile {
  name: string;
  toolstack: Toolstack;
  address: string;
  port: number;
  hostname: string;
  dom0_mem: number;
  total_memory: number;
  started: number;
  xen_version: [number, number, string];
  password: boolean;
  sshdPid: number;
  maxSessions: number;
}

export function hostDirOf(dir: string, name: string): string {
  return join(resolve(dir), 'hosts', name);
}

function run(cmd: string, args: string[], timeoutMs = 20_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 255) : 0;
      resolveRun({ code, stdout, stderr });
    });
  });
}

function freePort(address: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, address, () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolvePort(port));
    });
  });
}

/** OpenSSH client arguments up to and including user@address (append the remote command). */
export function sshArgs(dir: string, host: HostInfo, extra: string[] = []): string[] {
  return [
    '-i', host.identityFile, '-p', String(host.port),
    '-o', `UserKnownHostsFile=${join(resolve(dir), 'known_hosts')}`,
    '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR',
    ...extra, `${host.user}@${host.address}`,
  ];
}

function envFor(hostDir: string, xlu: string): Record<string, string> {
  return {
    PATH: `${join(hostDir, 'bin')}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    HOME: join(hostDir, 'home'),
    TMPDIR: join(hostDir, 'tmp'),
    XENSIM_HOST_DIR: hostDir,
    XENSIM_XLU: xlu,
  };
}

async function prepareHost(
  dir: string, index: number, toolstack: Toolstack, password: boolean, image: string, xlu: string, clientKey: string,
  maxSessions: number,
): Promise<{ info: HostInfo; spec: SshdSpec; file: HostFile }> {
  const name = `dom0-${index + 1}`;
  const address = `127.0.0.${2 + index}`;
  const hostDir = hostDirOf(dir, name);
  if (/\s/.test(hostDir)) throw new Error(`The simulator directory must not contain spaces: ${hostDir}`);
  for (const sub of ['state', 'run', 'etc/xen', 'images', 'bin', 'home', 'tmp', 'ssh']) {
    mkdirSync(join(hostDir, sub), { recursive: true });
  }
  const tools = toolstack === 'xl' ? ['xl', 'xentop', 'xenstore-read', 'xenstore-watch'] : ['xm', 'xentop', 'xenstore-read', 'xenstore-watch'];
  for (const t of tools) symlinkSync(join(toolstackDir, 'bin', t), join(hostDir, 'bin', t));
  writeFileSync(join(hostDir, 'state/domains.json'), JSON.stringify({ next_domid: 1, domains: {} }));
  writeFileSync(join(hostDir, 'state/events.log'), '');
  const images = join(hostDir, 'images');
  const copies: Promise<void>[] = [];
  for (const g of readyGuests(images, toolstack)) {
    writeFileSync(join(hostDir, 'etc/xen', g.file), g.text);
    for (const [img, kind] of Object.entries(g.images)) {
      const target = join(images, img);
      copies.push(kind === 'guest' ? copyFile(image, target) : (writeFileSync(target, ''), truncate(target, 1 << 20)));
    }
  }
  writeFileSync(join(images, 'tools.iso'), '');
  copies.push(truncate(join(images, 'tools.iso'), 64 << 10));
  await Promise.all(copies);
  // Login shells reset PATH from /etc/profile: put the toolstack back in front.
  writeFileSync(join(hostDir, 'home/.profile'), `PATH="${join(hostDir, 'bin')}:$PATH"\nexport PATH\n`);
  writeFileSync(join(hostDir, 'home/.bashrc'), '');
  keygen(join(hostDir, 'ssh/host_ed25519_key'), `${name}-hostkey`);
  writeFileSync(join(hostDir, 'ssh/authorized_keys'), readFileSync(`${clientKey}.pub`));
  let shadowFile: string | undefined;
  if (password) {
    const hash = (await run('openssl', ['passwd', '-6', TEST_PASSWORD])).stdout.trim();
    // Only the test user's entry: sshd (UsePAM no) looks up nothing else, and no real hash leaves /etc.
    const user = userInfo().username;
    const shadow = `${user}:${hash}:20000:0:99999:7:::\n`;
    shadowFile = join(hostDir, 'ssh/shadow');
    writeFileSync(shadowFile, shadow, { mode: 0o600 });
  }
  const port = await freePort(address);
  const spec: SshdSpec = {
    hostDir, address, port, env: envFor(hostDir, xlu), password: shadowFile ? { shadowFile } : undefined, maxSessions,
  };
  const file: HostFile = {
    name, toolstack, address, port, hostname: `${name}.${hostname()}`.slice(0, 60),
    dom0_mem: 2048, total_memory: 16383, started: Date.now() / 1000,
    xen_version: toolstack === 'xl' ? [4, 17, '.5'] : [3, 1, '.2-419.el5'], password, sshdPid: 0, maxSessions,
  };
  const info: HostInfo = {
    name, address, port, user: userInfo().username, identityFile: clientKey,
    ...(password ? { password: TEST_PASSWORD } : {}),
    hostKeyFingerprint: fingerprint(join(hostDir, 'ssh/host_ed25519_key.pub')), toolstack, cfgDir: join(hostDir, 'etc/xen'),
    saveDir: join(hostDir, 'var/lib/xen/save'),
  };
  return { info, spec, file };
}

/** Starts sshd for a prepared host and waits for the banner; records its PID. */
export async function launchSshd(spec: SshdSpec): Promise<number> {
  writeSshdConfig(spec);
  const pid = spawnSshd(spec);
  const hostJson = join(spec.hostDir, 'host.json');
  const file = JSON.parse(readFileSync(hostJson, 'utf8')) as HostFile;
  file.sshdPid = pid;
  writeFileSync(hostJson, JSON.stringify(file, null, 1));
  await waitForBanner(spec.address, spec.port, pid);
  return pid;
}

export function readSpec(dir: string, name: string): SshdSpec & { file: HostFile } {
  const hostDir = hostDirOf(dir, name);
  const file = JSON.parse(readFileSync(join(hostDir, 'host.json'), 'utf8')) as HostFile;
  const xlu = /XENSIM_XLU=(\S+)/.exec(readFileSync(join(hostDir, 'sshd_config'), 'utf8'))?.[1] ?? '';
  const shadowFile = join(hostDir, 'ssh/shadow');
  return {
    hostDir, address: file.address, port: file.port, env: envFor(hostDir, xlu),
    password: file.password ? { shadowFile } : undefined, maxSessions: file.maxSessions, file,
  };
}

function writeClientFiles(dir: string, hosts: HostInfo[]): void {
  const root = resolve(dir);
  const known = hosts.map((h) => {
    const pub = readFileSync(join(hostDirOf(dir, h.name), 'ssh/host_ed25519_key.pub'), 'utf8').trim().split(/\s+/);
    return `[${h.address}]:${h.port} ${pub[0]} ${pub[1]}`;
  });
  writeFileSync(join(root, 'known_hosts'), known.join('\n') + '\n');
  const config = hosts.map((h) =>
    [`Host ${h.name}`, `  HostName ${h.address}`, `  Port ${h.port}`, `  User ${h.user}`, `  IdentityFile ${h.identityFile}`,
      '  IdentitiesOnly yes', `  UserKnownHostsFile ${join(root, 'known_hosts')}`, '  StrictHostKeyChecking yes',
      '  LogLevel ERROR', ''].join('\n'));
  writeFileSync(join(root, 'ssh_config'), config.join('\n'));
  writeFileSync(join(root, 'hosts.json'), JSON.stringify(hosts, null, 2) + '\n');
}

/** One real login: proves keys, HOME, PATH and the toolstack answer. */
async function checkLogin(dir: string, host: HostInfo): Promise<void> {
  const tool = host.toolstack === 'xl' ? 'xl' : 'xm';
  const r = await run('ssh', [...sshArgs(dir, host, ['-o', 'ConnectTimeout=10']), `command -v ${tool} >/dev/null && echo ready`]);
  if (r.code !== 0 || r.stdout.trim() !== 'ready') {
    throw new Error(`Login to simulated host ${host.name} (${host.address}:${host.port}) failed (ssh exit ${r.code}): ${r.stderr.trim()}`);
  }
}

/** The free port found while preparing may be taken by the time sshd binds it (other test runs
 * share these addresses): on an early exit, try another port. */
async function launchWithFreePort(p: { info: HostInfo; spec: SshdSpec; file: HostFile }): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await launchSshd(p.spec);
      return;
    } catch (e) {
      if (attempt >= 3 || !/exited during start/.test(String(e))) throw e;
      const port = await freePort(p.spec.address);
      p.spec.port = port;
      p.info.port = port;
      const hostJson = join(p.spec.hostDir, 'host.json');
      const file = JSON.parse(readFileSync(hostJson, 'utf8')) as HostFile;
      writeFileSync(hostJson, JSON.stringify({ ...file, port }, null, 1));
    }
  }
}

/** Creates the host's ready guests through its own toolstack, as a user on the host would. */
async function createReadyGuests(dir: string, host: HostInfo): Promise<void> {
  const tool = host.toolstack === 'xl' ? 'xl create -q' : 'xm create';
  for (const g of readyGuests(join(hostDirOf(dir, host.name), 'images'), host.toolstack)) {
    const r = await run('ssh', [...sshArgs(dir, host), `${tool} ${join(host.cfgDir, g.file)}`], 60_000);
    if (r.code !== 0) throw new Error(`Creating ${g.name} on ${host.name} failed (exit ${r.code}): ${r.stderr.trim()}`);
  }
}

export async function startHosts(opts: StartOptions): Promise<HostInfo[]> {
  const dir = resolve(opts.dir);
  const legacy = opts.legacy ?? 0;
  if (opts.count < 1 || opts.count > 250 || legacy < 0 || legacy > opts.count) {
    throw new Error(`Cannot start ${opts.count} hosts with ${legacy} legacy ones: need 1 ≤ hosts ≤ 250 and 0 ≤ legacy ≤ hosts.`);
  }
  readSeed(); // fail early and clearly when ../shared is absent
  await stopHosts(dir); // whatever a crashed run left behind here
  rmSync(join(dir, 'hosts'), { recursive: true, force: true });
  mkdirSync(join(dir, 'hosts'), { recursive: true });
  mkdirSync('/run/sshd', { recursive: true });
  const clientKey = join(dir, 'client_ed25519');
  if (!existsSync(clientKey)) keygen(clientKey, 'xendeck-test-client');
  const [image, xlu] = await Promise.all([ensureGuestImage(), ensureXluHarness()]);
  const prepared = await Promise.all(
    Array.from({ length: opts.count }, (_, i) =>
      prepareHost(
        dir, i, i >= opts.count - legacy ? 'xm' : 'xl', Boolean(opts.passwordHost) && i === 0, image, xlu, clientKey,
        opts.maxSessions ?? 10,
      ),
    ),
  );
  for (const p of prepared) writeFileSync(join(p.spec.hostDir, 'host.json'), JSON.stringify(p.file, null, 1));
  const hosts = prepared.map((p) => p.info);
  try {
    await Promise.all(prepared.map((p) => launchWithFreePort(p)));
    writeClientFiles(dir, hosts);
    await Promise.all(hosts.map((h) => checkLogin(dir, h)));
    if (opts.startGuests) await Promise.all(hosts.map((h) => createReadyGuests(dir, h)));
  } catch (e) {
    await stopHosts(dir);
    throw e;
  }
  return hosts;
}

export function readHosts(dir: string): HostInfo[] {
  return JSON.parse(readFileSync(join(resolve(dir), 'hosts.json'), 'utf8')) as HostInfo[];
}

/** Everything a host runs: sshd, its per-connection children and their sessions, QEMUs, waiters. */
export function hostPids(dir: string, name: string): { sshd: number[]; sessions: number[]; guests: number[] } {
  const hostDir = hostDirOf(dir, name);
  let file: HostFile | undefined;
  try {
    file = JSON.parse(readFileSync(join(hostDir, 'host.json'), 'utf8')) as HostFile;
  } catch {
    file = undefined;
  }
  const sshd = file && file.sshdPid && isAlive(file.sshdPid) ? [file.sshdPid] : [];
  const conns = file ? pidsHoldingSocket(file.address, file.port).filter((p) => !sshd.includes(p)) : [];
  const sessions = [...new Set([...conns, ...descendants([...sshd, ...conns])])].filter((p) => p !== process.pid);
  const guests = pidsWithEnv('XENSIM_HOST_DIR', hostDir).filter((p) => p !== process.pid && !sessions.includes(p));
  return { sshd, sessions, guests };
}

/** Stops every process the simulator started under DIR, by PID, and nothing else. */
export async function stopHosts(dir: string): Promise<number[]> {
  const root = join(resolve(dir), 'hosts');
  if (!existsSync(root)) return [];
  const all: number[] = [];
  for (const name of readdirSync(root)) {
    const p = hostPids(dir, name);
    signal(p.sshd, 'SIGTERM');
    signal(p.sshd, 'SIGCONT'); // a stalled (SIGSTOPped) sshd handles the SIGTERM only once continued
    // Stopped (SIGSTOP) processes must be continued to die promptly.
    signal([...p.sessions, ...p.guests], 'SIGCONT');
    signal([...p.sessions, ...p.guests], 'SIGKILL');
    all.push(...p.sshd, ...p.sessions, ...p.guests);
  }
  if (!(await waitGone(all, 5000))) {
    signal(all, 'SIGKILL');
    await waitGone(all, 3000);
  }
  return all;
}
