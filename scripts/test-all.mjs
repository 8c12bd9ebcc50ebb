#!/usr/bin/env node
// `npm test`: lint, typecheck, unit, integration, e2e, in that order; the first failure stops the run.
import { spawnSync } from 'node:child_process';

const steps = [
  ['lint', ['run', '-s', 'lint']],
  ['typecheck', ['run', '-s', 'typecheck']],
  ['unit', ['run', '-s', 'test:unit']],
  ['integration', ['run', '-s', 'test:int']],
  ['e2e', ['run', '-s', 'test:e2e']],
];

for (const [name, args] of steps) {
  process.stdout.write(`\n=== npm test: ${name} ===\n`);
  const r = spawnSync('npm', args, { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stdout.write(`\nnpm test: ${name} failed (exit ${r.status ?? r.signal}).\n`);
    process.exit(r.status ?? 1);
  }
}
process.stdout.write('\nnpm test: all steps passed.\n');
