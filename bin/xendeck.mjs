#!/usr/bin/env node
// The `xendeck` command. The CLI is TypeScript run through tsx, so it ships without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
