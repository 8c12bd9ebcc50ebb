// xl/xm failures → typed errors a person can act on (REFERENCE §1.7, §4.1). Created once, here,
// where the tool's words are understood; the sentence names the host and, for cfg errors, the
// file and line.
import { ApiError } from '@shared/api/errors';
import type { Arg } from '../remote/argv';

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** null when the command was ended by a signal. */
  code: number | null;
}

/** IN-10: remote text shown or logged never carries raw control characters. */
export function escapeControl(s: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const CFG_ERROR = /^(.+?):(\d+): config parsing error near (.*?): (.+)$/m;
const NOT_FOUND = [
  /^(.+) is an invalid domain identifier \(rc=-6\)/m,
  /^Error: Domain '(.+)' does not exist\./m,
  /Domain (\d+):Non-existant domain/m,
  /Non-existant domain/m,
];
const CFG_MISSING = [/^Failed to read config file: (.+?): No such file or directory$/m, /^Error: Unable to open config file: (.+)$/m];
const SUDO_PASSWORD = /^sudo: (a password is required|a terminal is required|no tty present)/m;
const NOT_ROOT = /(must be run as root|need root access|Please try again as root|Permission denied)/i;
const XEND_DOWN = /Unable to connect to xend|Is xend running\?/;

/** The most telling line of stderr: the first `libxl: error:` or `Error:` line, else the last line. */
export function keyLine(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const pick = lines.find((l) => /^(libxl: error:|Error:)/.test(l)) ?? lines.filter((l) => !/^Parsing config from /.test(l)).pop() ?? '';
  return escapeControl(pick.slice(0, 300));
}

export function toolstackError(host: string, argv: readonly Arg[], r: ExecResult, domain?: string): ApiError {
  const tool = String(argv[0] === 'sudo' ? argv[2] : argv[0]);
  const sub = argv.slice(argv[0] === 'sudo' ? 3 : 1).find((a) => typeof a === 'string' && !a.startsWith('-'));
  const what = sub !== undefined ? `${tool} ${String(sub)}` : tool;
  const text = `${r.stderr}\n${r.stdout}`;

  const cfg = CFG_ERROR.exec(r.stderr);
  if (cfg) {
    // An error seen on a NEWLINE token is reported with the previous line, which can be 0.
    const line = Math.max(1, Number(cfg[2]));
    return new ApiError({
      code: 'CFG_INVALID',
      message: `${cfg[1]} on ${host}, line ${line}: ${escapeControl(cfg[4])} (near ${escapeControl(cfg[3])}).`,
      hint: 'Fix that line of the config file and try again.',
      details: { host, file: cfg[1], line, near: escapeControl(cfg[3]) },
    });
  }
  for (const re of CFG_MISSING) {
    const m = re.exec(r.stderr);
    if (m) {
      return new ApiError({
        code: 'FILE_NOT_FOUND',
        message: `The config file ${escapeControl(m[1])} was not found on ${host}.`,
        hint: 'Refresh the list of config files: it may have been moved or renamed.',
        details: { host, file: escapeControl(m[1]) },
      });
    }
  }
  if (SUDO_PASSWORD.test(r.stderr)) {
    return new ApiError({
      code: 'NEEDS_ROOT',
      message: `sudo on ${host} asked for a password, so ${what} could not run.`,
      hint: `Allow the login user to run ${tool} without a password (a NOPASSWD rule in sudoers), or log in as root.`,
      details: { host },
    });
  }
  // bash: "bash: line 1: xl: command not found"; dash: "sh: 1: xl: not found".
  const missing = new RegExp(`(^|[\\s:])${tool.replace(/[^\w-]/g, '')}: (command )?not found`, 'm');
  if (r.code === 127 || missing.test(r.stderr)) {
    return new ApiError({
      code: 'TOOLSTACK_MISSING',
      message: `${tool} was not found on ${host}.`,
      hint: tool === 'xl' || tool === 'xm' ? 'Install the Xen tools on the host, or check that it is a Xen dom0.' : `Install ${tool} on the host.`,
      details: { host },
    });
  }
  if (XEND_DOWN.test(text)) {
    return new ApiError({
      code: 'TOOLSTACK_MISSING',
      message: `xend is not running on ${host}, so xm can't do anything.`,
      hint: 'Start xend on the host (service xend start) and try again.',
      details: { host },
    });
  }
  for (const re of NOT_FOUND) {
    const m = re.exec(text);
    if (m) {
      const name = domain ?? m[1] ?? '?';
      return new ApiError({
        code: 'DOMAIN_NOT_FOUND',
        message: `There is no guest "${escapeControl(String(name))}" running on ${host}.`,
        hint: 'Refresh the list: the guest may have been shut down or renamed.',
        details: { host, domain: escapeControl(String(name)) },
      });
    }
  }
  if (NOT_ROOT.test(text)) {
    return new ApiError({
      code: 'NEEDS_ROOT',
      message: `${what} on ${host} needs root rights.`,
      hint: 'Log in as root, or turn on sudo mode for this host with a NOPASSWD sudoers rule.',
      details: { host },
    });
  }
  const detail = keyLine(r.stderr) || keyLine(r.stdout);
  return new ApiError({
    code: 'COMMAND_FAILED',
    message: `${what} failed on ${host}${r.code === null ? ' (ended by a signal)' : ` (exit status ${r.code})`}${detail ? `: ${detail}` : '.'}`,
    hint: 'Read the message from the host; the full output is in the task log.',
    details: { host, exitCode: r.code },
  });
}
