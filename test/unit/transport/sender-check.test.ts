// EH-6 (a)(b): IPC is served only to the top frame of a management window on the app origin.
import { describe, expect, it } from 'vitest';
import { appOrigin, checkSender, type SenderFacts } from '../../../src-main/transport/electron/sender-check';

const policy = { origins: ['app://xendeck'], webContentsIds: new Set([7]) };
const good: SenderFacts = { frameUrl: 'app://xendeck/index.html#/hosts', isTopFrame: true, webContentsId: 7 };

describe('the IPC sender check (EH-6)', () => {
  it('accepts the management window', () => {
    expect(checkSender(good, policy)).toEqual({ ok: true });
  });

  it.each<[string, Partial<SenderFacts>]>([
    ['a vanished frame', { frameUrl: null }],
    ['a subframe', { isTopFrame: false }],
    ['another origin', { frameUrl: 'https://evil.example/' }],
    ['a look-alike host', { frameUrl: 'app://xendeck.evil/index.html' }],
    ['file: content', { frameUrl: 'file:///tmp/x.html' }],
    ['an unparsable URL', { frameUrl: 'not a url' }],
    ['a webContents the app did not create for the UI', { webContentsId: 8 }],
  ])('refuses %s', (_what, change) => {
    expect(checkSender({ ...good, ...change }, policy).ok).toBe(false);
  });

  it('accepts the dev server origin only when it is in the policy', () => {
    const dev = { ...good, frameUrl: 'http://localhost:5173/#/hosts' };
    expect(checkSender(dev, policy).ok).toBe(false);
    expect(checkSender(dev, { ...policy, origins: ['app://xendeck', appOrigin('http://localhost:5173/')] }).ok).toBe(true);
  });
});
