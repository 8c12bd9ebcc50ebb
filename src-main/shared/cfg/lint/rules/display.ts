// Display rules: contradictions between VNC settings, and VNC/SPICE reachable from the network
// without a password (the seed author's habit of vnclisten="0.0.0.0" with vncpasswd='').
import { effective, effectiveBool, effectiveInt, keyPos, report, scalar, valuePos, type LintContext } from '../context';

/** True for addresses only this host can reach. */
export function isLoopback(addr: string): boolean {
  const host = addr.replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** `ADDR:DISPLAY` → ADDR (IPv4 or name; a bare IPv6 address has several colons and is kept). */
function listenHost(listen: string): { host: string; display: string | null } {
  const m = /^([^:]*):(\d+)$/.exec(listen);
  return m ? { host: m[1] as string, display: m[2] as string } : { host: listen, display: null };
}

function isSetExplicitly(ctx: LintContext, key: string): boolean {
  return ctx.last.has(key) || ctx.scriptedKeys.has(key);
}

export function displayRules(ctx: LintContext): void {
  const vnc = effectiveBool(ctx, 'vnc') ?? false;
  const sdl = effectiveBool(ctx, 'sdl') ?? false;
  const nographic = ctx.last.get('nographic');
  if (nographic && effectiveBool(ctx, 'nographic') && (vnc || sdl)) {
    // With vnc left at xl's default (on), the author most likely meant "no graphics": turn VNC off.
    // With vnc or sdl written explicitly, nographic is the odd one out.
    const implicitVnc = vnc && !isSetExplicitly(ctx, 'vnc') && !sdl;
    report(
      ctx,
      'warning',
      'nographic-with-vnc',
      keyPos(nographic),
      { display: vnc ? 'vnc' : 'sdl' },
      implicitVnc ? { kind: 'set', key: 'vnc', value: '0' } : { kind: 'remove', key: 'nographic' },
    );
  }

  const display = ctx.last.get('vncdisplay');
  const displayN = effectiveInt(ctx, 'vncdisplay');
  if (vnc && display && displayN !== undefined && displayN !== 0 && effectiveBool(ctx, 'vncunused') === true) {
    report(ctx, 'warning', 'vncdisplay-with-vncunused', keyPos(display), { display: displayN, port: 5900 + displayN }, {
      kind: 'set',
      key: 'vncunused',
      value: '0',
    });
  }

  const listenEntry = ctx.last.get('vnclisten');
  const listen = effective(ctx, 'vnclisten');
  if (ctx.toolstack === 'xl' && listenEntry && listen && listenHost(listen).display && displayN) {
    report(ctx, 'error', 'vnclisten-display-conflict', valuePos(listenEntry), { listen });
  }

  const pwEntry = ctx.last.get('vncpasswd');
  const pw = pwEntry ? scalar(pwEntry.value) : undefined;
  // xm without vncpasswd falls back to xend-config.sxp, which may hold a password.
  const noPassword = pw === '' || (pw === undefined && ctx.toolstack === 'xl' && !ctx.scriptedKeys.has('vncpasswd'));
  const open = vnc && listen !== undefined && !isLoopback(listenHost(listen).host);
  if (open && noPassword) {
    report(
      ctx,
      'warning',
      'vnc-open-no-password',
      listenEntry ? valuePos(listenEntry) : { line: 1, col: 1 },
      { listen },
      { kind: 'set', key: 'vnclisten', value: '127.0.0.1' },
    );
  } else if (open) {
    report(ctx, 'info', 'vnc-open-weak-auth', listenEntry ? valuePos(listenEntry) : { line: 1, col: 1 }, { listen }, {
      kind: 'set',
      key: 'vnclisten',
      value: '127.0.0.1',
    });
  } else if (vnc && pwEntry && pw === '') {
    if (ctx.toolstack === 'xm') {
      report(ctx, 'info', 'vnc-empty-password-xm', valuePos(pwEntry), {}, { kind: 'remove', key: 'vncpasswd' });
    } else {
      report(ctx, 'info', 'vnc-empty-password', valuePos(pwEntry));
    }
  }

  if (ctx.toolstack === 'xl' && effectiveBool(ctx, 'spice')) {
    const spice = ctx.last.get('spice');
    const at = spice ? keyPos(spice) : { line: 1, col: 1 };
    if (!ctx.last.has('spiceport') && !ctx.last.has('spicetls_port')) report(ctx, 'error', 'spice-needs-port', at);
    const noTicket = effectiveBool(ctx, 'spicedisable_ticketing') ?? false;
    if (!noTicket && !(scalar(ctx.last.get('spicepasswd')?.value) ?? '')) report(ctx, 'error', 'spice-needs-password', at);
    const host = effective(ctx, 'spicehost') ?? '0.0.0.0';
    if (noTicket && !isLoopback(host)) {
      report(ctx, 'warning', 'spice-open-no-password', at, { listen: host }, { kind: 'set', key: 'spicehost', value: '127.0.0.1' });
    }
  }

  if (ctx.toolstack === 'xl') {
    const vga = ctx.last.get('vga');
    const stdvga = ctx.last.get('stdvga');
    if (vga && stdvga) report(ctx, 'info', 'stdvga-ignored', keyPos(stdvga), {}, { kind: 'remove', key: 'stdvga' });
    const usbversion = ctx.last.get('usbversion');
    if (usbversion && (ctx.last.has('usb') || ctx.last.has('usbdevice'))) {
      report(ctx, 'error', 'usbversion-with-usb', keyPos(usbversion));
    }
  }
}
