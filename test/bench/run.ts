// `npm run bench`: runs every test/bench/*.bench.ts (or those named on the command line) and
// prints what each measured. Speed is a benchmark, never a timed test: nothing here fails on time.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchModule {
  /** A line for the listing. */
  title: string;
  /** Runs the benchmark and prints its own table of figures and ratios. */
  run(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as BenchModule;
  console.log(`\n## ${mod.title} (${f})`);
  await mod.run();
}
if (files.length === 0) console.log('no benchmark matched');
