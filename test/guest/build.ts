// Builds the test guest (boot.asm, a 512-byte boot sector) with nasm into a cache outside git
// and pads it to a 1 MiB disk image. The file name carries a hash of the source, so an edited
// guest is rebuilt; the build writes a temp file and renames it, so parallel callers are safe.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, truncate } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
export const guestSource = join(here, 'boot.asm');
const cacheDir = join(repoRoot, 'node_modules/.cache/xendeck');

/** What the guest prints on VGA and COM1 once booted. */
export const GUEST_BANNER = 'XENDECK TEST GUEST READY';
/** Size of the disk image (the boot sector plus zeros). */
export const GUEST_IMAGE_BYTES = 1024 * 1024;

let pending: Promise<string> | undefined;

/** Path of the built guest disk image (read-only master: copy it per guest). */
export function ensureGuestImage(): Promise<string> {
  pending ??= build().catch((e: unknown) => {
    pending = undefined;
    throw e;
  });
  return pending;
}

async function build(): Promise<string> {
  const src = await readFile(guestSource);
  const hash = createHash('sha256').update(src).digest('hex').slice(0, 16);
  const image = join(cacheDir, `guest-${hash}.img`);
  if (existsSync(image)) return image;
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${image}.tmp-${process.pid}-${Date.now()}`;
  await new Promise<void>((resolveBuild, reject) => {
    execFile('nasm', ['-f', 'bin', '-o', tmp, guestSource], (err, _stdout, stderr) => {
      if (err) {
        const hint = (err as NodeJS.ErrnoException).code === 'ENOENT' ? ' Install it: apt-get install -y nasm.' : '';
        reject(new Error(`Assembling the test guest with nasm failed: ${stderr || err.message}.${hint}`));
      } else resolveBuild();
    });
  });
  try {
    await truncate(tmp, GUEST_IMAGE_BYTES);
    await rename(tmp, image);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return image;
}
