// Talks to the compiled xlu-dump in its batch modes: one process for many files, so a differential
// run over thousands of files costs one spawn instead of thousands.
import { spawn } from 'node:child_process';
import { ensureXluHarness } from './build';

export type XluValue = string | XluValue[];

export interface XluResult {
  ok: boolean;
  values?: Record<string, XluValue>;
  /** Line of each effective setting as libxlutil records it (where its value starts). */
  lines?: Record<string, number>;
  /** Everything libxlutil printed to its report stream for this file (errors, Python warning). */
  report: string;
}

export interface XluDiskResult {
  ok: boolean;
  target?: string | null;
  vdev?: string | null;
  format?: string | null;
  backend?: string | null;
  script?: string | null;
  readwrite?: number;
  is_cdrom?: number;
  report: string;
}

function runBatch(args: string[], input: Buffer): Promise<string[]> {
  return ensureXluHarness().then(
    (bin) =>
      new Promise<string[]>((resolvePromise, reject) => {
        const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (b: Buffer) => out.push(b));
        child.stderr.on('data', (b: Buffer) => err.push(b));
        child.on('error', reject);
        child.on('close', (code) => {
          if (code !== 0) {
            reject(new Error(`xlu-dump ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString()}`));
            return;
          }
          const text = Buffer.concat(out).toString('utf8');
          resolvePromise(text.split('\n').filter((l) => l.length > 0));
        });
        child.stdin.on('error', reject);
        child.stdin.end(input);
      }),
  );
}

/** Parses each text with libxlutil (as `xl create` would: whole buffer, xlu_cfg_readdata). */
export async function xluParseMany(texts: string[], source = 'cfg'): Promise<XluResult[]> {
  const parts: Buffer[] = [];
  for (const t of texts) {
    const b = Buffer.from(t, 'utf8');
    parts.push(Buffer.from(`${b.length}\n`), b);
  }
  const lines = await runBatch(['--batch', '--source', source], Buffer.concat(parts));
  if (lines.length !== texts.length) {
    throw new Error(`xlu-dump answered ${lines.length} results for ${texts.length} files`);
  }
  return lines.map((l) => JSON.parse(l) as XluResult);
}

/** Parses each disk spec with xlu_disk_parse (one spec = one disk). Specs must not contain newlines. */
export async function xluDiskMany(specs: string[]): Promise<XluDiskResult[]> {
  for (const s of specs) if (s.includes('\n')) throw new Error('disk spec with a newline');
  const input = Buffer.from(specs.map((s) => `${s}\n`).join(''), 'utf8');
  const lines = await runBatch(['--disk-batch'], input);
  if (lines.length !== specs.length) {
    throw new Error(`xlu-dump answered ${lines.length} results for ${specs.length} disk specs`);
  }
  return lines.map((l) => JSON.parse(l) as XluDiskResult);
}
