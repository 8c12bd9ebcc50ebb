import { lintCfg } from '../../../src-main/shared/cfg/lint';
import { parseCfg } from '../../../src-main/shared/cfg/syntax';
import { EXIT, parseArgs, UsageError, type CliIo, type Command } from '../io';
import { readCfg } from './files';
import { load } from './load';

interface Finding {
  line: number;
  col: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

function findings(text: string, file: string, toolstack: string): Finding[] {
  const { doc, xm } = load(text, file);
  if (toolstack === 'xm' && xm) {
    // Python is normal for xm: the option rules on the literal part, and keys valid nowhere.
    const entries = parseCfg(xm.mask).entries;
    return lintCfg({ entries, toolstack: 'xm', scripted: xm.regions, invalidKeys: xm.invalidKeys })
      .sort((a, b) => a.line - b.line || a.col - b.col)
      .map((d) => ({ line: d.line, col: d.col, severity: d.severity, message: d.message }));
  }
  if (doc.ok) {
    return lintCfg({ entries: doc.entries, toolstack: toolstack === 'xm' ? 'xm' : 'xl' }).map((d) => ({
      line: d.line,
      col: d.col,
      severity: d.severity,
      message: d.message,
    }));
  }
  const out: Finding[] = doc.errors.map((e) => ({
    line: e.tokenLine,
    col: e.tokenCol,
    severity: 'error',
    message: e.message + (e.line !== e.tokenLine ? ` (xl reports it on line ${e.line})` : ''),
  }));
  if (!doc.ok && xm) {
    out.push({ line: 1, col: 1, severity: 'warning', message: 'this is an xm (Python) config; `xendeck cfg convert` makes an xl one' });
  }
  return out;
}

export const lintCommand: Command = {
  name: 'lint',
  summary: 'report problems as FILE:LINE:COL: error|warning: message',
  usage: 'cfg lint [--toolstack xl|xm] [--] FILE...',
  help: `Checks each FILE as the given toolstack reads it (default xl: exactly libxlutil's grammar),
then, when it parses, against the option rules (unknown keys, types, ranges, conflicts, security).
Prints one line per finding: FILE:LINE:COL: error|warning: message, at the real position of the
offending text (xl itself reports errors seen on a newline one line earlier; the message says so).
With --toolstack xm, a legacy xm (Python) file is checked as xm: scripted regions are warnings and
keys valid nowhere (full-screen=1) are errors. Exits 1 when any error was found.`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags } = parseArgs(args, ['toolstack']);
    const toolstack = (flags.get('toolstack') as string | undefined) ?? 'xl';
    if (toolstack !== 'xl' && toolstack !== 'xm') throw new UsageError('--toolstack is xl or xm');
    if (!positionals.length) throw new UsageError('no FILE given');
    let code: number = EXIT.ok;
    for (const file of positionals) {
      const r = await readCfg(file, io.cwd);
      if (!r.ok) {
        io.err(`${file}: error: ${r.message}\n`);
        code = Math.max(code, EXIT.io);
        continue;
      }
      for (const f of findings(r.text, file, toolstack)) {
        io.out(`${file}:${f.line}:${f.col}: ${f.severity}: ${f.message}\n`);
        if (f.severity === 'error') code = Math.max(code, EXIT.findings);
      }
    }
    return code;
  },
};
