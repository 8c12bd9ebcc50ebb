// `xendeck hosts import FILE` and `xendeck hosts list`.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseHostsJson } from '../../../src-main/core/services/host-import';
import { EXIT, parseArgs, UsageError } from '../io';
import { withService, type HostsCliContext } from './context';

export async function hostsImport(args: string[], ctx: HostsCliContext): Promise<number> {
  const { positionals } = parseArgs(args);
  if (positionals.length !== 1) throw new UsageError('give one JSON file');
  const file = resolve(ctx.io.cwd, positionals[0] as string);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    ctx.io.err(`xendeck: ${file} can't be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.\n`);
    return EXIT.io;
  }
  return withService(ctx, async (s) => {
    const report = await s.importHosts(parseHostsJson(text, file));
    ctx.io.out(`Imported ${report.imported.length} host${report.imported.length === 1 ? '' : 's'}: ${report.imported.join(', ')}\n`);
    for (const n of report.notes) ctx.io.err(`note: ${n}\n`);
    return EXIT.ok;
  });
}

export async function hostsList(args: string[], ctx: HostsCliContext): Promise<number> {
  const { flags } = parseArgs(args, [], ['json']);
  return withService(ctx, async (s) => {
    const hosts = s.store.list();
    if (flags.has('json')) {
      ctx.io.out(`${JSON.stringify(hosts.map((h) => ({ name: h.name, address: h.address, port: h.port, user: h.user, auth: h.auth.method, cfgDirs: h.cfgDirs })), null, 2)}\n`);
      return EXIT.ok;
    }
    const rows = hosts.map((h) => [h.name, `${h.user}@${h.address}:${h.port}`, h.auth.method, h.cfgDirs.join(',')]);
    ctx.io.out(table(['HOST', 'ADDRESS', 'AUTH', 'CFG DIRS'], rows));
    return EXIT.ok;
  });
}

export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ')}\n`;
  return line(head) + rows.map(line).join('');
}
