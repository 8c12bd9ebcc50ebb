// Parse+print throughput of XenDeck's cfg engine on a large generated config, beside the time
// libxlutil (through the xlu-dump harness, batch mode) takes on the same text.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { parseCfg, print } from '../../src-main/shared/cfg/syntax';
import { ensureXluHarness } from '../xlu-harness/build';
import { validCfgTextArb } from '../xlu-harness/gen';

export const title = 'cfg engine: parse+print throughput vs libxlutil';

function bigFile(targetBytes: number): string {
  // `+=` could join a string to a list across pieces; leave it out so the whole file parses.
  const pieces = fc.sample(validCfgTextArb, { seed: 99, numRuns: 400 }).filter((p) => !p.includes('+=') && parseCfg(p).ok);
  let out = '';
  for (let i = 0; out.length < targetBytes; i++) out += pieces[i % pieces.length];
  return out;
}

function best(times: number[]): number {
  return Math.min(...times);
}

export async function run(): Promise<void> {
  const text = bigFile(4 * 1024 * 1024);
  const bytes = Buffer.byteLength(text);
  const mb = bytes / (1024 * 1024);

  const ours: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const doc = parseCfg(text);
    const out = print(doc);
    ours.push(performance.now() - t0);
    if (out !== text || !doc.ok) throw new Error('bench input did not round-trip or parse');
  }

  const bin = await ensureXluHarness();
  const frame = Buffer.concat([Buffer.from(`${bytes}\n`), Buffer.from(text)]);
  const xl: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = spawnSync(bin, ['--batch'], { input: frame, maxBuffer: 256 * 1024 * 1024 });
    xl.push(performance.now() - t0);
    if (r.status !== 0 || !r.stdout.toString().startsWith('{"ok":true')) throw new Error('libxlutil rejected the bench input');
  }

  const oursMs = best(ours);
  const xlMs = best(xl);
  console.log(`input: ${mb.toFixed(2)} MiB, ${text.split('\n').length} lines (best of 5 runs each)`);
  console.log(`XenDeck parse+print : ${oursMs.toFixed(1)} ms  = ${(mb / (oursMs / 1000)).toFixed(1)} MiB/s`);
  console.log(`libxlutil (xlu-dump): ${xlMs.toFixed(1)} ms  = ${(mb / (xlMs / 1000)).toFixed(1)} MiB/s (process start and JSON output included)`);
  console.log(`ratio XenDeck/libxlutil time: ${(oursMs / xlMs).toFixed(2)}`);
}
