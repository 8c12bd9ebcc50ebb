// RemoteCfgFiles as the hosts service hands it out: checked by our parser and by `xl -N create`
// before a save commits (FS-7), told how to reach the host again after a lost reply (FS-10), and
// the clean-up of the temps a cut connection left (FS-3) for each new connection.
import { ApiError } from '@shared/api/errors';
import type { Exec, Toolstack } from '../toolstack/adapter';
import { checkCfgText, xlDryRun } from './cfg-validate';
import { RemoteCfgFiles, type SftpProvider, type WriteStep } from './sftp-files';

export interface HostCfgFilesDeps {
  host: string;
  cfgDirs: string[];
  autostartDir?: string;
  sudo?: boolean;
  conn: SftpProvider & { exec: Exec };
  toolstack: Toolstack;
  /** This host's temps left by cut saves (kept by the service across connections). */
  abandoned: Set<string>;
  reconnect: () => Promise<SftpProvider>;
  /** Test seam: every save's steps (fault tests cut the connection there). */
  onStep?: (step: WriteStep, bytesWritten: number) => void | Promise<void>;
}

export function hostCfgFiles(d: HostCfgFilesDeps): RemoteCfgFiles {
  const kind = d.toolstack.kind;
  return new RemoteCfgFiles({
    host: d.host,
    conn: d.conn,
    cfgDirs: d.cfgDirs,
    abandoned: d.abandoned,
    reconnect: d.reconnect,
    ...(d.autostartDir !== undefined ? { autostartDir: d.autostartDir } : {}),
    ...(d.onStep !== undefined ? { onStep: d.onStep } : {}),
    checkText: (text, path) => checkCfgText(text, { host: d.host, path, toolstack: kind }),
    ...(kind === 'xl' ? { validate: xlDryRun({ host: d.host, exec: (argv, opts) => d.conn.exec(argv, opts), toolstack: d.toolstack, ...(d.sudo !== undefined ? { sudo: d.sudo } : {}) }) } : {}),
  });
}

/** FS-3 on a new connection: XenDeck's stale temps in the cfg directories, logged, then removed. Never throws. */
export async function sweepStaleTemps(d: { host: string; conn: SftpProvider; cfgDirs: string[]; abandoned: Set<string>; log: (line: string) => void }): Promise<string[]> {
  try {
    return await new RemoteCfgFiles({ host: d.host, conn: d.conn, cfgDirs: d.cfgDirs, abandoned: d.abandoned }).cleanStaleTemps(undefined, d.log);
  } catch (e) {
    // A connection gone meanwhile is no news: the next one sweeps again.
    if (!(e instanceof ApiError && e.code === 'HOST_UNREACHABLE')) d.log(`${d.host}: stale temps were not cleaned: ${e instanceof Error ? e.message : 'unknown error'}`);
    return [];
  }
}
