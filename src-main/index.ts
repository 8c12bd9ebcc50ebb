// The Electron app: sandbox, single instance, app:// protocol with CSP, hardened sessions, the
// main window and the IPC binding. Thin: all real work is behind the dispatcher in core/.
import { join } from 'node:path';
import { app, ipcMain, MessageChannelMain, protocol, safeStorage, session } from 'electron';
import { createDispatcher } from './core/dispatch/create-dispatcher';
import { readAppMeta } from './core/dispatch/app-meta';
import { createServices } from './core/dispatch/services';
import { HostsArea } from './core/services/hosts-area';
import { EncryptedFileSecrets } from './core/store/secrets';
import { APP_ENTRY, APP_ORIGIN, APP_SCHEME, createAppProtocolHandler } from './transport/electron/app-protocol';
import { bindIpc, type IpcMainLike, type PortLike } from './transport/electron/ipc-binding';
import { hardenSession } from './transport/electron/security';
import { appOrigin } from './transport/electron/sender-check';
import { createMainWindow } from './transport/electron/window-factory';
import { contentSecurityPolicy } from './transport/csp';

// EH-1: every renderer sandboxed, before `ready`.
app.enableSandbox();

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const appUrl = devUrl ?? APP_ENTRY;
  const origins = [APP_ORIGIN, ...(devUrl ? [appOrigin(devUrl)] : [])];
  const trustedIds = new Set<number>();
  let mainWindow: Electron.BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_e, wc) => {
    // No window or view other than the factory's may ever show up; deny anything that tries.
    wc.setWindowOpenHandler(() => ({ action: 'deny' }));
    wc.on('will-attach-webview', (e) => e.preventDefault());
  });

  app.whenReady().then(async () => {
    const rendererDir = join(__dirname, '../renderer');
    protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
    hardenSession(session.defaultSession);
    if (devUrl) {
      // The dev server is not app://, so its responses get the CSP here.
      session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
        callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy({ connectSrc: ['ws:'] })] } });
      });
    }

    // Host profiles live in userData (the CLI's default data dir too); secrets only as
    // safeStorage ciphertext beside them (ST-7), never in the profiles.
    const dataDir = app.getPath('userData');
    const hosts = new HostsArea({ dataDir, secrets: await EncryptedFileSecrets.open(dataDir, safeStorage) });
    app.on('before-quit', () => void hosts.close());
    const dispatcher = createDispatcher(createServices(readAppMeta(app.getAppPath()), { hosts }));
    bindIpc({
      ipcMain: ipcMain as unknown as IpcMainLike,
      dispatcher,
      policy: { origins, webContentsIds: trustedIds },
      createChannel: () => new MessageChannelMain() as unknown as { port1: PortLike; port2: unknown },
    });

    const open = () => {
      mainWindow = createMainWindow({
        preloadPath: join(__dirname, '../preload/index.cjs'),
        userData: app.getPath('userData'),
        appOrigins: origins,
        url: appUrl,
        devTools: !app.isPackaged || process.argv.includes('--devtools'),
        iconPath: join(app.getAppPath(), 'resources/icon.png'),
        onCreated: (id) => trustedIds.add(id),
      });
      const id = mainWindow.webContents.id;
      mainWindow.on('closed', () => {
        trustedIds.delete(id);
        mainWindow = null;
      });
    };
    open();
    app.on('activate', () => {
      if (!mainWindow) open();
    });
  }).catch((e: unknown) => {
    console.error('[xendeck] start-up failed', e);
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
