// Runs the real `xendeck` command (bin/xendeck.mjs under this Node) on a data directory, as an
// admin at a terminal would: exit status, stdout and stderr, never throwing on a non-zero exit.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const bin = join(resolve(__dirname, '../../../..'), 'bin/xendeck.mjs');

/** A runner bound to one data directory, run from CWD. */
export function xendeckRunner(dataDir: string, cwd: string): (...args: string[]) => Promise<Run> {
  return (...args) =>
    new Promise((done) => {
      execFile(process.execPath, [bin, '--data-dir', dataDir, ...args], { cwd, encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout, stderr });
      });
    });
}
