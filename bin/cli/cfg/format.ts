import { print } from '../../../src-main/shared/cfg/syntax';
import { EXIT, parseArgs, UsageError, type CliIo, type Command } from '../io';
import { readCfg, toBytes } from './files';
import { load } from './load';

export const formatCommand: Command = {
  name: 'format',
  summary: 'print the file through the parser and printer (identical bytes when unchanged)',
  usage: 'cfg format [--] FILE',
  help: `Parses FILE with XenDeck's lossless parser and prints it back on stdout. The syntax tree keeps
every byte (comments, spacing, quote style, CRLF), so the output is the input byte for byte; it is
a check that nothing is lost. Errors xl would report go to stderr and the exit status is 1.`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals } = parseArgs(args);
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE');
    const file = positionals[0] as string;
    const r = await readCfg(file, io.cwd);
    if (!r.ok) {
      io.err(`${file}: error: ${r.message}\n`);
      return EXIT.io;
    }
    const { doc } = load(r.text, file);
    io.out(toBytes(print(doc), r.encoding));
    if (!doc.ok) {
      io.err(doc.report);
      return EXIT.findings;
    }
    return EXIT.ok;
  },
};
