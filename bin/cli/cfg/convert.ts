import { toXl } from '../../../src-main/shared/cfg/xm';
import { EXIT, parseArgs, UsageError, type CliIo, type Command } from '../io';
import { readCfg } from './files';

export const convertCommand: Command = {
  name: 'convert',
  summary: 'convert a legacy xm config to a plain xl one (on stdout)',
  usage: 'cfg convert [--machine M] [--] FILE',
  help: `Prints an xl config that libxlutil accepts: comments and literal lines kept; builder becomes
type; renamed keys (cpu_cap, bootargs) get their xl names; xm-only keys and keys valid nowhere
are commented out with the reason; Python is kept as comments and replaced by the value it gives
on a host whose \`uname -m\` is --machine (default x86_64) when XenDeck can work it out.
What changed is listed on stderr, one note a line.`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags } = parseArgs(args, ['machine']);
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE');
    const file = positionals[0] as string;
    const r = await readCfg(file, io.cwd);
    if (!r.ok) {
      io.err(`${file}: error: ${r.message}\n`);
      return EXIT.io;
    }
    const res = toXl(r.text, { machine: (flags.get('machine') as string | undefined) ?? 'x86_64' });
    io.out(Buffer.from(res.text, r.encoding));
    for (const n of res.notes) io.err(`${file}: note: ${n}\n`);
    return EXIT.ok;
  },
};
