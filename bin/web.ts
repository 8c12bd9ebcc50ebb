// `npm run web`: browser mode. Serves the built renderer (out/renderer) and the same dispatcher
// the desktop app uses over one WebSocket on 127.0.0.1, and prints the one line the user (and the
// e2e harness) opens: `XenDeck web UI: http://127.0.0.1:PORT/?token=TOKEN`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatcher } from '../src-main/core/dispatch/create-dispatcher';
import { readAppMeta } from '../src-main/core/dispatch/app-meta';
import { createServices } from '../src-main/core/dispatch/services';
import { HostsArea } from '../src-main/core/services/hosts-area';
import { defaultDataDir } from './cli/hosts/data-dir';
import { startWebServer } from '../src-main/transport/web-server';
import { parseWebArgs } from './web-args';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`Could not open a browser; open the URL above yourself.\n`));
  child.unref();
}

async function main(): Promise<void> {
  const parsed = parseWebArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\nUsage: tsx bin/web.ts [--port N] [--no-open] [--renderer-dir DIR] [--data-dir DIR]\n`);
    process.exit(2);
  }
  const { port, open } = parsed.args;
  const rendererDir = resolve(parsed.args.rendererDir ?? join(repoRoot, 'out', 'renderer'));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    process.stderr.write(`${join(rendererDir, 'index.html')} is missing: build the renderer first (npm run web builds it).\n`);
    process.exit(1);
  }
  // Browser mode keeps secrets in memory only (MemorySecrets, the HostsArea default).
  const hosts = new HostsArea({ dataDir: resolve(parsed.args.dataDir ?? defaultDataDir()) });
  const dispatcher = createDispatcher(createServices(readAppMeta(repoRoot), { hosts }));
  const server = await startWebServer({ host: '127.0.0.1', port, rendererDir, dispatcher });
  process.stdout.write(`XenDeck web UI: ${server.url}\n`);
  if (open) openBrowser(server.url);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`XenDeck web UI: ${signal}, shutting down.\n`);
    Promise.all([server.close(), hosts.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`XenDeck web UI could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
