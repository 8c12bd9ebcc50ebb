// FS-7: a cfg is checked before it replaces the live file. First by our own parser (the same
// tables as libxlutil) before anything is written, then — on xl hosts — by `xl -N create` on the
// written temp, before the rename. A refusal is CFG_INVALID naming the live file and the line, so
// the user fixes the text still in their editor; the live file is never touched.
import { ApiError } from '@shared/api/errors';
import { openCfg } from '@shared/cfg';
import type { Toolstack } from '../toolstack/adapter';
import type { Exec } from '../toolstack/adapter';
import { escapeControl, keyLine, toolstackError } from '../toolstack/errors';

export interface TextCheckContext {
  host: string;
  /** The live file's path (what the user knows the file as). */
  path: string;
  toolstack: 'xl' | 'xm';
}

function invalid(host: string, path: string, line: number | null, col: number | null, why: string, hint?: string): ApiError {
  return new ApiError({
    code: 'CFG_INVALID',
    message: `${path} on ${host} was not saved: ${line === null ? '' : `line ${line}${col === null ? '' : `, column ${col}`}: `}${why}.`,
    hint: hint ?? 'Fix that line and save again; your text is still in the editor and the file on the host is unchanged.',
    details: { host, path, line, col },
  });
}

/**
 * Our parser, strictly for xl syntax. A legacy xm script (Python regions) is left to the engine's
 * xm reading: its Python can only be judged by xm itself. A CRLF file that is otherwise fine is
 * kept on xm hosts (Python reads it) and refused on xl hosts (libxlutil fails on every line).
 */
export function checkCfgText(text: string, c: TextCheckContext): void {
  const opened = openCfg(text, { source: c.path, toolstack: c.toolstack });
  if (opened.kind === 'xm' || opened.doc.ok) return;
  const crlf = text.includes('\r\n');
  if (crlf && c.toolstack === 'xm' && openCfg(text.replace(/\r\n/g, '\n'), { toolstack: 'xm' }).doc.ok) return;
  const e = opened.doc.errors[0];
  if (crlf) {
    throw invalid(c.host, c.path, e?.line ?? 1, e?.col ?? null, 'the file has Windows line ends (CRLF), which xl cannot read', 'Convert the line ends to LF (Unix) and save again; the file on the host is unchanged.');
  }
  const near = e === undefined ? '' : /near (.*?): /.exec(e.text)?.[1];
  throw invalid(c.host, c.path, e?.line ?? null, e?.col ?? null, `${escapeControl(e?.message ?? 'the text does not parse')}${near ? ` (near ${escapeControl(near)})` : ''}`);
}

/** Replaces the temp's path by the live one in xl's words, so the user sees their file. */
function livePathIn(s: string, temp: string, path: string): string {
  return s.split(temp).join(path);
}

/** 1-based line of the last assignment of KEY (what xl uses), or null. */
function lineOfKey(text: string, key: string): number | null {
  const doc = openCfg(text).doc;
  const entries = doc.entries.filter((e) => e.key === key);
  return entries.length > 0 ? (entries[entries.length - 1]?.line ?? null) : null;
}

/** 1-based line holding SNIPPET (a disk spec xl quotes), or null. */
function lineOfText(text: string, snippet: string): number | null {
  if (snippet === '') return null;
  const i = text.indexOf(snippet);
  return i < 0 ? null : text.slice(0, i).split('\n').length;
}

/** Where in the text xl's complaint points: its own line number, a quoted disk spec, or a key it names. */
export function lineOfXlError(stderr: string, text: string): number | null {
  const own = /^.+?:(\d+): config parsing error/m.exec(stderr);
  if (own) return Math.max(1, Number(own[1]));
  const disk = /config parsing error in disk specification: .* in `(.*)'$/m.exec(stderr);
  if (disk) return lineOfText(text, disk[1] ?? '');
  const action = /Unknown (on_\w+) action/.exec(stderr);
  if (action) return lineOfKey(text, action[1] ?? '');
  const keys: [RegExp, string][] = [
    [/Unknown vga /, 'vga'],
    [/maxvcpus < vcpus/, 'maxvcpus'],
    [/Domain name must be specified/, 'name'],
    [/Invalid domain type/, 'type'],
  ];
  for (const [re, key] of keys) if (re.test(stderr)) return lineOfKey(text, key);
  return null;
}

export interface DryRunOptions {
  host: string;
  exec: Exec;
  toolstack: Toolstack;
  sudo?: boolean;
  timeoutMs?: number;
}

/**
 * `xl -N create TEMP` as a RemoteCfgFiles `validate` hook. Resolves with warnings (xl's own, or why
 * the check could not run); throws CFG_INVALID when xl refuses the file. xm has no dry run.
 */
export function xlDryRun(o: DryRunOptions): (temp: string, file: { path: string; text: string }) => Promise<string[]> {
  return async (temp, file) => {
    const argv = o.toolstack.commands.dryRunCreate(temp);
    if (argv === null) return [];
    const full = o.sudo ? ['sudo', '-n', ...argv] : argv;
    const r = await o.exec(full, { timeoutMs: o.timeoutMs ?? 30_000 });
    const stderr = livePathIn(r.stderr, temp, file.path);
    if (r.code === 0) {
      return stderr
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^WARNING/i.test(l))
        .map((l) => `xl: ${escapeControl(l.slice(0, 300))}`);
    }
    const e = toolstackError(o.host, full, { ...r, stderr });
    if (e.code === 'NEEDS_ROOT' || e.code === 'TOOLSTACK_MISSING') {
      // FS-7 "when the host allows": our parser accepted the text; say that xl could not look.
      return [`xl could not check ${file.path} before it was saved (${e.message}); only XenDeck's own parser checked it.`];
    }
    if (e.code !== 'CFG_INVALID' && e.code !== 'COMMAND_FAILED') throw e;
    const parseLine = stderr.split('\n').find((l) => l.includes('config parsing error'));
    const why = parseLine !== undefined ? escapeControl(parseLine.replace(/^.+?: (config parsing error)/, '$1').slice(0, 300)) : keyLine(stderr);
    const line = lineOfXlError(stderr, file.text);
    throw invalid(o.host, file.path, line, null, `xl refused it: ${why || `exit status ${String(r.code)}`}`);
  };
}
