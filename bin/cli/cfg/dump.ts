import type { CfgValue } from '../../../src-main/shared/cfg/model';
import { valuesToObject } from '../../../src-main/shared/cfg/syntax';
import { EXIT, parseArgs, type CliIo, type Command, UsageError } from '../io';
import { readCfg } from './files';
import { load, xmValues } from './load';

export const dumpCommand: Command = {
  name: 'dump',
  summary: 'one JSON line per file with the effective values, exactly as libxlutil holds them',
  usage: 'cfg dump [--xm [--machine M]] [--] FILE...',
  help: `For each FILE prints one JSON line:
  {"file":FILE,"ok":true,"values":{KEY:VALUE,...}}   values as libxlutil holds them: strings
                                                      (numbers keep their text) and lists of them
  {"file":FILE,"ok":false,"errors":[{"line":L,"col":C,"message":M},...]}
Keys come in the file order of their effective (last) assignment. Error lines are xl's (an error
seen on a newline is reported one line earlier, as xl does).
--xm evaluates a legacy xm (Python) file instead, for a host whose \`uname -m\` is --machine
(default x86_64); values the evaluator cannot work out are left out.
Exits 1 when a file does not parse, 3 when one cannot be read.`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags } = parseArgs(args, ['machine'], ['xm']);
    if (!positionals.length) throw new UsageError('no FILE given');
    if (flags.has('machine') && !flags.has('xm')) throw new UsageError('--machine only applies with --xm');
    let code: number = EXIT.ok;
    for (const file of positionals) {
      const r = await readCfg(file, io.cwd);
      if (!r.ok) {
        io.out(`${JSON.stringify({ file, ok: false, errors: [{ line: 0, col: 0, message: r.message }] })}\n`);
        code = Math.max(code, EXIT.io);
        continue;
      }
      if (flags.has('xm')) {
        const machine = (flags.get('machine') as string | undefined) ?? 'x86_64';
        const values: Record<string, CfgValue> = Object.fromEntries(xmValues(r.text, machine));
        io.out(`${JSON.stringify({ file, ok: true, values })}\n`);
        continue;
      }
      const { doc } = load(r.text, file);
      if (doc.ok) {
        io.out(`${JSON.stringify({ file, ok: true, values: valuesToObject(doc) })}\n`);
      } else {
        const errors = doc.errors.map((e) => ({ line: e.line, col: e.col, message: e.message }));
        io.out(`${JSON.stringify({ file, ok: false, errors })}\n`);
        code = Math.max(code, EXIT.findings);
      }
    }
    return code;
  },
};
