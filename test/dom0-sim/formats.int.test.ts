// The simulator's output formats, regenerated from the values in real captured output
// (../shared/xen/output) and compared byte for byte.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, toolstackDir } from './paths';

const outputDir = resolve(repoRoot, '../shared/xen/output');

function capture(name: string): string {
  const file = join(outputDir, name);
  if (!existsSync(file)) {
    throw new Error(`Missing ${file}: the real captures live in ../shared/xen/output beside the repository.`);
  }
  return readFileSync(file, 'utf8');
}

/** Runs a Python snippet with the simulator's formats module; CASES goes in as JSON on stdin. */
function py(code: string, cases: unknown): string {
  return execFileSync('/usr/bin/python3', ['-S', '-c', `import sys, json\nsys.path.insert(0, ${JSON.stringify(toolstackDir)})\nfrom xensim import formats\ncases = json.load(sys.stdin)\n${code}`], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
}

describe('output formats match real captures', () => {
  it.each(['xl_list_archwiki-zh_dom0-only.txt', 'xl_list_mirage-cubieboard-arm.txt', 'xl_list_xen-devel_arm-freebsd-guest.txt'])(
    'xl list: %s',
    (name) => {
      const text = capture(name);
      const rows = text.trimEnd().split('\n').slice(1).map((l) => {
        const f = l.trim().split(/\s+/);
        return [f.slice(0, -5).join(' '), Number(f.at(-5)), Number(f.at(-4)), Number(f.at(-3)), f.at(-2), Number(f.at(-1))];
      });
      const out = py(
        "print(formats.XL_LIST_HEADER)\nfor r in cases: print(formats.xl_list_row(*r))",
        rows,
      );
      expect(out).toBe(text.endsWith('\n') ? text : `${text}\n`);
    },
  );

  it('xm list (xen 3.0.3 format)', () => {
    const text = capture('xm_list_fedora-blog-jp_xen-3.0.3-format_MemMiB.txt');
    const rows = text.trimEnd().split('\n').slice(1).map((l) => {
      const f = l.trim().split(/\s+/);
      return [f[0], Number(f[1]), Number(f[2]), Number(f[3]), f[4], Number(f[5])];
    });
    const out = py("print(formats.XM_LIST_HEADER)\nfor r in cases: print(formats.xm_list_row(*r))", rows);
    expect(out).toBe(text.endsWith('\n') ? text : `${text}\n`);
  });

  it('xl vcpu-list', () => {
    const text = capture('xl_vcpu-list_qubes-issue-9984_TRUNCATED.txt');
    const lines = text.trimEnd().split('\n');
    const rows = lines.slice(1).map((l) => {
      const f = l.trim().split(/\s+/);
      return [f[0], Number(f[1]), Number(f[2]), Number(f[3]), true, f[4].startsWith('r'), Number(f[5]), f[6], f[8]];
    });
    const out = py(
      "print(formats.VCPU_LIST_HEADER)\nfor r in cases: print(formats.vcpu_row(*r))",
      rows,
    );
    expect(out.trimEnd().split('\n')).toEqual(lines);
  });

  it('xentop -b rows (19 columns)', () => {
    const lines = capture('xentop_interactive_ubuntuforums_xen-4.1.2.txt').split('\n');
    const header = lines.find((l) => l.includes('NAME  STATE')) as string;
    const dom0 = lines[lines.indexOf(header) + 1];
    const out = py(
      "print(formats.XENTOP_HEADER)\nprint(formats.xentop_row('Domain-0', '-----r', 161513, 0.0, 1048576, 3.1, None, None, 8, 0, 0))",
      [],
    );
    expect(out).toBe(`${header}\n${dom0}\n`);
  });

  it('xl info key alignment', () => {
    const text = capture('xl_info_centos6-dom0_xen-4.6.3_x86_64.txt');
    const pairs = text.trimEnd().split('\n').map((l) => {
      const i = l.indexOf(': ');
      return [l.slice(0, i).trimEnd(), l.slice(i + 2)];
    });
    const out = py("print('\\n'.join(formats.info_lines(cases)))", pairs);
    expect(out).toBe(text.endsWith('\n') ? text : `${text}\n`);
  });
});
