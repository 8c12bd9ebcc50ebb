#!/usr/bin/env node
// The `xendeck` command. The CLI is TypeScript run through tsx, so it ships without a build step.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// `xendeck cfg dump … | head` closes the pipe early: that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

// The core imports `@shared/*`, an alias tsconfig.node.json maps; name it, since the command may
// run from any directory.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.node.json', import.meta.url)) });
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
