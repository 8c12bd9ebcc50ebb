import type { CfgValue } from '../../../src-main/shared/cfg/model';
import { applyEdits, type CfgEdit } from '../../../src-main/shared/cfg/edit';
import { applyXmEdits } from '../../../src-main/shared/cfg/xm';
import { EXIT, parseArgs, UsageError, type CliIo, type Command } from '../io';
import { readCfg, writeCfgAtomic } from './files';
import { load } from './load';

function parseAssignment(arg: string): { key: string; value: CfgValue } {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new UsageError(`expected KEY=VALUE, got '${arg}'`);
  const key = arg.slice(0, eq);
  const raw = arg.slice(eq + 1);
  if (raw.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new UsageError(`the list value for ${key} is not JSON (e.g. ${key}='["a","b"]')`);
    }
    const ok = (v: unknown): v is CfgValue => typeof v === 'string' || (Array.isArray(v) && v.every(ok));
    if (!ok(parsed)) throw new UsageError(`the list value for ${key} must hold only strings (and lists of strings)`);
    return { key, value: parsed };
  }
  return { key, value: raw };
}

export const setCommand: Command = {
  name: 'set',
  summary: 'set keys with a minimal edit and an atomic write',
  usage: 'cfg set [--dry-run] [--] FILE KEY=VALUE...',
  help: `Sets each KEY to VALUE, changing only the bytes that must change: the value keeps its quote style,
comments and layout stay, a new key goes beside the keys of its group. VALUE is a string; a VALUE
starting with [ is a JSON list (disk='["file:/a.img,hda,w"]'). The result is re-parsed and must
hold exactly the intended values, otherwise nothing is written and the reason is printed (exit 1).
The file is replaced atomically (temp file in the same directory, fsync, rename) keeping its mode.
Legacy xm files can be edited too, except keys their Python computes.
--dry-run prints the new text on stdout instead of writing it.`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags } = parseArgs(args, [], ['dry-run']);
    if (positionals.length < 2) throw new UsageError('give FILE and at least one KEY=VALUE');
    const [file, ...assignments] = positionals as [string, ...string[]];
    const edits: CfgEdit[] = assignments.map((a) => ({ op: 'set', ...parseAssignment(a) }));
    const r = await readCfg(file, io.cwd);
    if (!r.ok) {
      io.err(`${file}: error: ${r.message}\n`);
      return EXIT.io;
    }
    const { doc, xm } = load(r.text, file);
    const result = doc.ok || !xm ? applyEdits(r.text, edits, { source: file }) : applyXmEdits(r.text, edits, { source: file });
    if (!result.ok) {
      io.err(`${file}: refused: ${result.reason}\n`);
      return EXIT.findings;
    }
    if (flags.has('dry-run')) {
      io.out(Buffer.from(result.text, r.encoding));
      return EXIT.ok;
    }
    if (result.text === r.text) return EXIT.ok;
    try {
      await writeCfgAtomic(r.path, result.text);
    } catch (e) {
      io.err(`${file}: error: cannot write: ${(e as Error).message}\n`);
      return EXIT.io;
    }
    return EXIT.ok;
  },
};
