// EH-1: every window the factory builds is sandboxed and isolated.
import { describe, expect, it } from 'vitest';
import { mainWindowOptions, secureWebPreferences } from '../../../src-main/transport/electron/window-options';

describe('window options (EH-1)', () => {
  it('lock the renderer down', () => {
    const p = secureWebPreferences('/app/out/preload/index.cjs');
    expect(p).toMatchObject({
      preload: '/app/out/preload/index.cjs',
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
    });
    expect(p).not.toHaveProperty('enableBlinkFeatures');
  });

  it('keep DevTools off unless asked for (EH-10), and the hardening whatever the bounds', () => {
    const o = mainWindowOptions({ preloadPath: '/p.cjs', bounds: { x: 10, y: 20, width: 900, height: 700 }, devTools: false });
    expect(o.webPreferences?.devTools).toBe(false);
    expect(o.webPreferences?.sandbox).toBe(true);
    expect(o.webPreferences?.contextIsolation).toBe(true);
    expect([o.x, o.y, o.width, o.height]).toEqual([10, 20, 900, 700]);
    expect(o.show).toBe(false);
    expect(mainWindowOptions({ preloadPath: '/p.cjs', bounds: { width: 900, height: 700 }, devTools: true }).webPreferences?.devTools).toBe(true);
  });
});
