// The options of every XenDeck window, as a plain object so a unit test can check each EH-1
// setting without Electron. window-factory.ts is the only place that passes them to BrowserWindow.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { WindowBounds } from './window-bounds';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // EH-10: DevTools only in development or with an explicit flag.
    devTools: false,
  };
}

export function mainWindowOptions(opts: { preloadPath: string; bounds: WindowBounds; devTools: boolean; iconPath?: string }): BrowserWindowConstructorOptions {
  return {
    x: opts.bounds.x,
    y: opts.bounds.y,
    width: opts.bounds.width,
    height: opts.bounds.height,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'XenDeck',
    backgroundColor: '#101418',
    autoHideMenuBar: true,
    ...(opts.iconPath ? { icon: opts.iconPath } : {}),
    webPreferences: { ...secureWebPreferences(opts.preloadPath), devTools: opts.devTools },
  };
}
