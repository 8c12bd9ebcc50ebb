import { EXIT, parseArgs, UsageError, type CliIo, type Command } from '../io';
import { readCfg } from './files';
import { load, xmValues } from './load';

export const getCommand: Command = {
  name: 'get',
  summary: 'print the effective value of one key',
  usage: 'cfg get [--xm [--machine M]] [--] FILE KEY',
  help: `Prints KEY's effective value (its last assignment, after += folding): a string as it is, on one
line; a list as JSON. Exits 1 when the key is not set or the file does not parse.
--xm reads a legacy xm (Python) file for a host whose \`uname -m\` is --machine (default x86_64).`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags } = parseArgs(args, ['machine'], ['xm']);
    if (positionals.length !== 2) throw new UsageError('give FILE and KEY');
    const [file, key] = positionals as [string, string];
    const r = await readCfg(file, io.cwd);
    if (!r.ok) {
      io.err(`${file}: error: ${r.message}\n`);
      return EXIT.io;
    }
    let values;
    if (flags.has('xm')) {
      values = xmValues(r.text, (flags.get('machine') as string | undefined) ?? 'x86_64');
    } else {
      const { doc, xm } = load(r.text, file);
      if (!doc.ok) {
        io.err(doc.report + (xm ? `${file}: this is an xm (Python) config: try --xm\n` : ''));
        return EXIT.findings;
      }
      values = doc.values;
    }
    const v = values.get(key);
    if (v === undefined) {
      io.err(`${file}: ${key} is not set\n`);
      return EXIT.findings;
    }
    io.out(typeof v === 'string' ? `${v}\n` : `${JSON.stringify(v)}\n`);
    return EXIT.ok;
  },
};
