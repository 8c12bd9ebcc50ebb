// Builds the libxlutil differential harness (xlu-dump.c) on demand into a cache outside git.
// The binary name carries a hash of the source, so an edited harness is rebuilt and a stale one is
// never used; the compile goes to a temp name and is renamed into place so concurrent callers
// (parallel test files, the dom0 simulator) never see a half-written binary.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
export const harnessSource = join(here, 'xlu-dump.c');
const cacheDir = join(repoRoot, 'node_modules/.cache/xendeck');

const APT_HINT =
  'Install Debian\'s Xen development package: `apt-get install -y libxen-dev` ' +
  '(it brings libxlutil 4.17 headers and libraries; parsing needs no hypervisor).';

function run(cmd: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(cmd, args, { encoding: 'utf8' }, (err, _stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 127) : 0;
      resolvePromise({ code, stderr: stderr || (err ? String(err.message) : '') });
    });
  });
}

let pending: Promise<string> | undefined;

/** Path of a compiled xlu-dump matching the current source; compiles it when needed. */
export function ensureXluHarness(): Promise<string> {
  pending ??= build().catch((e: unknown) => {
    pending = undefined;
    throw e;
  });
  return pending;
}

async function build(): Promise<string> {
  const src = await readFile(harnessSource);
  const hash = createHash('sha256').update(src).digest('hex').slice(0, 16);
  const bin = join(cacheDir, `xlu-dump-${hash}`);
  if (existsSync(bin)) return bin;
  if (!existsSync('/usr/include/libxlutil.h')) {
    throw new Error(`libxlutil headers are missing (/usr/include/libxlutil.h). ${APT_HINT}`);
  }
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${bin}.tmp-${process.pid}-${Date.now()}`;
  const res = await run('gcc', ['-O2', '-Wall', '-o', tmp, harnessSource, '-lxlutil', '-lxenlight']);
  if (res.code !== 0) {
    await rm(tmp, { force: true });
    const missing = /libxlutil|xenlight|libxl\.h/.test(res.stderr);
    throw new Error(
      `Compiling the libxlutil harness failed (gcc exit ${res.code}):\n${res.stderr}` +
        (missing ? `\n${APT_HINT}` : ''),
    );
  }
  await rename(tmp, bin);
  return bin;
}

export const harnessPaths = { repoRoot, cacheDir };
