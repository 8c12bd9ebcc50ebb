// The flags of `bin/web.ts`, parsed without side effects so they can be tested.
export interface WebArgs {
  port: number;
  open: boolean;
  /** The built renderer to serve; out/renderer unless given (tests serve a stand-in). */
  rendererDir: string | null;
  /** Host profiles, known hosts and the inventory cache; the desktop app's data directory unless given. */
  dataDir: string | null;
}

export function parseWebArgs(argv: string[]): { ok: true; args: WebArgs } | { ok: false; error: string } {
  const args: WebArgs = { port: 0, open: true, rendererDir: null, dataDir: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-open') args.open = false;
    else if (a === '--port' || a.startsWith('--port=')) {
      const v = a === '--port' ? argv[++i] : a.slice('--port='.length);
      if (v === undefined || !/^\d{1,5}$/.test(v) || Number(v) > 65535) return { ok: false, error: `--port needs a number from 0 to 65535, not ${v ?? 'nothing'}.` };
      args.port = Number(v);
    } else if (a === '--renderer-dir') {
      const v = argv[++i];
      if (!v) return { ok: false, error: '--renderer-dir needs a directory.' };
      args.rendererDir = v;
    } else if (a === '--data-dir') {
      const v = argv[++i];
      if (!v) return { ok: false, error: '--data-dir needs a directory.' };
      args.dataDir = v;
    } else return { ok: false, error: `Unknown option ${a}.` };
  }
  return { ok: true, args };
}
