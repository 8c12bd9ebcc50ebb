#!/usr/bin/env node
// `npm test`: lint, typecheck, unit, integration, e2e, in that order; the first failure stops the run.
// The last line is always a plain `N passed, N failed`: the sum of vitest's results (read from its
// json reporter), plus one failure for a failed step that is not a vitest run (lint, typecheck),
// so a red run never ends with "0 failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const resultsDir = join(process.cwd(), 'test-results');

const steps = [
  { name: 'lint', args: ['run', '-s', 'lint'] },
  { name: 'typecheck', args: ['run', '-s', 'typecheck'] },
  { name: 'unit', args: ['run', '-s', 'test:unit'], vitest: true },
  { name: 'integration', args: ['run', '-s', 'test:int'], vitest: true },
  { name: 'e2e', args: ['run', '-s', 'test:e2e'], vitest: true },
];

let passed = 0;
let failed = 0;

/** Counts from vitest's json report; a file that failed to load counts as one failure. */
function readVitestReport(file) {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed'),
  ).length;
  return { passed: report.numPassedTests ?? 0, failed: (report.numFailedTests ?? 0) + brokenFiles };
}

function finish(code) {
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  process.exit(code);
}

mkdirSync(resultsDir, { recursive: true });
for (const step of steps) {
  process.stdout.write(`\n=== npm test: ${step.name} ===\n`);
  const report = join(resultsDir, `vitest-${step.name}.json`);
  const args = step.vitest ? [...step.args, '--', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`] : step.args;
  if (step.vitest) rmSync(report, { force: true });
  const r = spawnSync('npm', args, { stdio: 'inherit' });
  const stepFailed = r.status !== 0;
  if (step.vitest) {
    const counts = readVitestReport(report);
    if (counts) {
      passed += counts.passed;
      failed += counts.failed;
      if (stepFailed && counts.failed === 0) failed += 1; // vitest failed outside any test (config, crash)
    } else if (stepFailed) {
      failed += 1;
    }
  } else if (stepFailed) {
    failed += 1;
  }
  if (stepFailed) {
    process.stdout.write(`\nnpm test: ${step.name} failed (exit ${r.status ?? r.signal}).\n`);
    finish(r.status || 1);
  }
}
process.stdout.write('\nnpm test: all steps passed.\n');
finish(0);
