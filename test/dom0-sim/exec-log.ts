// The exec log of a simulated host: every toolstack invocation (xl, xm, xentop, xenstore-read,
// xenstore-watch) appends one JSON line to hosts/<name>/exec.log (toolstack/xensim/execlog.py).
// Tests count what a client made the dom0 run (RS-4, RS-5); the dom0-cost benchmark counts its
// commands per minute.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostDirOf } from './hosts';

export type ExecTool = 'xl' | 'xm' | 'xentop' | 'xenstore-read' | 'xenstore-watch';

export interface ExecLogEntry {
  /** Unix time in seconds (ms precision) when the tool started. */
  t: number;
  tool: ExecTool;
  /** The arguments after the tool's name, exactly as the tool received them. */
  argv: string[];
  pid: number;
}

export function execLogPath(dir: string, host: string): string {
  return join(hostDirOf(dir, host), 'exec.log');
}

/** Every invocation so far, oldest first ([] before the first one). A line still being written is skipped. */
export function execLog(dir: string, host: string): ExecLogEntry[] {
  let text: string;
  try {
    text = readFileSync(execLogPath(dir, host), 'utf8');
  } catch {
    return [];
  }
  const out: ExecLogEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      out.push(JSON.parse(line) as ExecLogEntry);
    } catch {
      /* a torn last line: the tool is writing it right now */
    }
  }
  return out;
}

/**
 * Invocations of TOOL whose first argument is SUB, e.g. ('xl', 'create'): a dry run `xl -N create`
 * starts with its global option, so it is not a create.
 */
export function execsOf(entries: ExecLogEntry[], tool: ExecTool, sub?: string): ExecLogEntry[] {
  return entries.filter((e) => e.tool === tool && (sub === undefined || e.argv[0] === sub));
}
