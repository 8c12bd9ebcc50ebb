// The one security module (STYLE.md, after Podman Desktop): navigation, new windows, webviews
// and permissions for every window and session. Electron objects come in as parameters.
import type { Session, WebContents } from 'electron';
import { isPermissionAllowed } from './permissions';
import { originOf } from './sender-check';
import { checkExternalUrl } from './url-gate';

/** EH-3: stays on the app origin; new windows denied; external https links through EH-4. */
export function hardenWebContents(wc: WebContents, appOrigins: readonly string[], openExternal: (url: string) => void): void {
  const block = (event: { preventDefault(): void }, url: string) => {
    const o = originOf(url);
    if (o === null || !appOrigins.includes(o)) {
      event.preventDefault();
      console.warn(`[xendeck] blocked navigation to ${url.slice(0, 200)}`);
    }
  };
  wc.on('will-navigate', (e) => block(e, e.url));
  wc.on('will-redirect', (e) => block(e, e.url));
  wc.on('will-frame-navigate', (e) => block(e, e.url));
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    const gate = checkExternalUrl(url);
    if (gate.ok) openExternal(gate.url);
    else console.warn(`[xendeck] refused to open ${url.slice(0, 200)}: ${gate.reason}`);
    return { action: 'deny' };
  });
}

/** EH-5: deny by default, and log what was denied. */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, permission, callback) => {
    const ok = isPermissionAllowed(permission);
    if (!ok) console.warn(`[xendeck] denied permission ${permission}`);
    callback(ok);
  });
  ses.setPermissionCheckHandler((_wc, permission) => isPermissionAllowed(permission));
  ses.setDevicePermissionHandler(() => false);
}
