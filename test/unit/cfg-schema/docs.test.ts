// docs/cfg-options.md is the overview of the schema and the lint codes: it must not fall behind.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINT_MESSAGES } from '../../../src-main/shared/cfg/lint';
import { ALL_OPTIONS } from '../../../src-main/shared/cfg/schema';

const doc = readFileSync(resolve(__dirname, '../../../docs/cfg-options.md'), 'utf8');

describe('docs/cfg-options.md', () => {
  it('lists every option of the schema', () => {
    expect(ALL_OPTIONS.filter((o) => !doc.includes(`| \`${o.key}\` |`)).map((o) => o.key)).toEqual([]);
  });

  it('lists every lint code', () => {
    expect(Object.keys(LINT_MESSAGES).filter((c) => !doc.includes(`\`${c}\``))).toEqual([]);
  });
});
