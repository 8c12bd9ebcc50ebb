// DESIGN.md "Layers": each layer rule of eslint/layers.js fires on a deliberate violation and
// stays quiet on an allowed import. Uses ESLint's Node API on the repo's own config.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: repoRoot });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(repoRoot, filePath) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules (DESIGN.md)', () => {
  // Loading the config and its parsers takes seconds on a busy machine; pay it once, up front.
  beforeAll(async () => {
    await eslint.lintText('export {};\n', { filePath: resolve(repoRoot, 'src-main/shared/warm-up.ts') });
  }, 120_000);

  it.each([
    ['src-main/shared/x.ts', "import { readFileSync } from 'node:fs';", /src-main\/shared is pure TypeScript/],
    ['src-main/shared/x.ts', "import { readFileSync } from 'fs';", /src-main\/shared is pure TypeScript/],
    ['src-main/shared/cfg/x.ts', "import { ipcMain } from 'electron';", /never imports electron/],
    ['src-main/shared/x.ts', "import { ref } from 'vue';", /never imports Vue/],
    ['src-main/shared/x.ts', "import { x } from '../core/remote/argv';", /imports only itself/],
    ['src-main/core/hosts/x.ts', "import { app } from 'electron';", /src-main\/core never imports electron/],
    ['src-main/core/x.ts', "import { x } from '../transport/web-server';", /imports only shared and core/],
    ['src-renderer/src/x.ts', "import { x } from '../../src-main/core/remote/argv';", /imports nothing from src-main but shared/],
    ['src-renderer/src/stores/x.ts', "import { readFileSync } from 'node:fs';", /no Node modules/],
    ['src-renderer/src/x.ts', "import { ipcRenderer } from 'electron';", /never imports electron/],
  ])('%s: %s is refused', async (file, code, message) => {
    const errors = await layerErrors(file, `${code}\nexport const y = 1;\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('applies to Vue single-file components too', async () => {
    const sfc = `<script setup lang="ts">\nimport { execSync } from 'node:child_process';\nexecSync('id');\n</script>\n<template><div /></template>\n`;
    const errors = await layerErrors('src-renderer/src/views/X.vue', sfc);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/no Node modules/);
  });

  it.each([
    ['src-main/shared/x.ts', "import { z } from 'zod';"],
    ['src-main/shared/cfg/x.ts', "import { ApiError } from '../api/errors';"],
    ['src-main/core/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src-main/core/x.ts', "import { ApiError } from '../shared/api/errors';"],
    ['src-main/transport/x.ts', "import { app } from 'electron';"],
    ['src-main/index.ts', "import { app } from 'electron';"],
    ['src-renderer/src/x.ts', "import { ApiError } from '@shared/api';"],
    ['src-renderer/src/x.ts', "import { ref } from 'vue';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await layerErrors(file, `${code}\nexport const y = 1;\n`)).toEqual([]);
  });
});
