// EH-2: app://xendeck serves files of the renderer directory and nothing else.
import { describe, expect, it } from 'vitest';
import { resolveAppPath } from '../../../src-main/transport/electron/app-protocol';

const root = '/opt/xendeck/out/renderer';

describe('app:// paths', () => {
  it('map to files inside the renderer directory', () => {
    expect(resolveAppPath('app://xendeck/index.html', root)).toBe(`${root}/index.html`);
    expect(resolveAppPath('app://xendeck/', root)).toBe(`${root}/index.html`);
    expect(resolveAppPath('app://xendeck/assets/a%20b.js?x=1#y', root)).toBe(`${root}/assets/a b.js`);
  });

  it.each([
    'app://xendeck/../../etc/passwd',
    'app://xendeck/%2e%2e/%2e%2e/etc/passwd',
    'app://xendeck/..%2f..%2fetc/passwd',
  ])('never leave the renderer directory: %s', (url) => {
    const p = resolveAppPath(url, root);
    expect(p === null || p.startsWith(`${root}/`)).toBe(true);
  });

  it.each(['app://xendeck/a%00.js', 'app://other/index.html', 'file:///etc/passwd', 'app://xendeck/%E0%A4%A', 'not a url'])('refuse %s', (url) => {
    expect(resolveAppPath(url, root)).toBeNull();
  });
});
