// The only place a BrowserWindow is created (EH-1): options from window-options.ts, hardening
// from security.ts, bounds remembered in userData.
import { app, BrowserWindow, dialog, screen, shell } from 'electron';
import { linkPrompt } from './external-link-prompt';
import { hardenWebContents } from './security';
import { fitBounds } from './window-bounds';
import { loadWindowState, saveWindowState } from './window-state-store';
import { mainWindowOptions } from './window-options';

export interface MainWindowOptions {
  preloadPath: string;
  userData: string;
  appOrigins: readonly string[];
  url: string;
  devTools: boolean;
  iconPath?: string;
  /** Called with the webContents id before anything loads, so IPC trusts it from the start. */
  onCreated(webContentsId: number): void;
}

export function createMainWindow(o: MainWindowOptions): BrowserWindow {
  const saved = loadWindowState(o.userData);
  const bounds = fitBounds(saved.bounds, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow(mainWindowOptions({ preloadPath: o.preloadPath, bounds, devTools: o.devTools, ...(o.iconPath ? { iconPath: o.iconPath } : {}) }));
  o.onCreated(win.webContents.id);
  hardenWebContents(win.webContents, o.appOrigins, (url) => {
    // EH-4: the gate has allowed only plain https to allowlisted hosts; the user still sees the
    // whole URL and decides.
    const text = linkPrompt(app.getLocale());
    void dialog
      .showMessageBox(win, { type: 'question', message: text.message, detail: url, buttons: [text.open, text.cancel], defaultId: 1, cancelId: 1, noLink: true })
      .then(({ response }) => (response === 0 ? shell.openExternal(url) : undefined));
  });
  if (saved.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    saveWindowState(o.userData, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  });
  void win.loadURL(o.url);
  return win;
}
