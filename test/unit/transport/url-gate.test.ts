// EH-4: the one gate before shell.openExternal. Only plain https to allowlisted hosts.
import { describe, expect, it } from 'vitest';
import { checkExternalUrl } from '../../../src-main/transport/electron/url-gate';

describe('the external URL gate (EH-4)', () => {
  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'ms-msdt:/id PCWDiagnostic',
    'smb://h/s',
    '\\\\h\\s',
    ' https://github.com',
    'https://github.com ',
    'https://git\nhub.com',
    'https://user:pw@github.com/',
    'https://github.com@evil.example/',
    'https://good.example@evil.example',
    'http://github.com/',
    'https://github.com:8443/',
    'https://evil.example/',
    'https://github.com.evil.example/',
    'HTTPS://evil.example',
    '',
    'github.com',
  ])('refuses %j', (url) => {
    expect(checkExternalUrl(url).ok).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(checkExternalUrl(undefined).ok).toBe(false);
    expect(checkExternalUrl({ href: 'https://github.com' }).ok).toBe(false);
  });

  it.each([
    ['https://github.com/xendeck/xendeck', 'https://github.com/xendeck/xendeck'],
    ['https://xenbits.xen.org/docs/unstable/man/xl.cfg.5.html#Devices', 'https://xenbits.xen.org/docs/unstable/man/xl.cfg.5.html#Devices'],
    ['https://GitHub.com/a', 'https://github.com/a'],
  ])('accepts %j as %j', (url, normalized) => {
    expect(checkExternalUrl(url)).toEqual({ ok: true, url: normalized });
  });
});

describe('the confirmation before a link leaves the app (EH-4)', () => {
  it('speaks the system language, English by default', async () => {
    const { linkPrompt } = await import('../../../src-main/transport/electron/external-link-prompt');
    expect(linkPrompt('zh-CN').open).toBe('打开');
    expect(linkPrompt('zh-TW').open).toBe('打开');
    expect(linkPrompt('de-DE')).toEqual({ message: 'Open this link in your browser?', open: 'Open', cancel: 'Cancel' });
  });
});
