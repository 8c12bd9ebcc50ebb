// EH-2: the CSP both carriers send as a header.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../src-main/transport/csp';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(';').map((d) => d.trim()).map((d) => [d.split(' ')[0], d.slice(d.indexOf(' ') + 1)]));
}

describe('the content security policy (EH-2)', () => {
  it('has every directive EH-2 requires and no unsafe-eval', () => {
    const d = directives(contentSecurityPolicy());
    expect(d.get('default-src')).toBe("'none'");
    expect(d.get('script-src')).toBe("'self'");
    expect(d.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(d.get('img-src')).toBe("'self' data: blob:");
    expect(d.get('font-src')).toBe("'self'");
    expect(d.get('connect-src')).toBe("'self'");
    expect(d.get('object-src')).toBe("'none'");
    expect(d.get('base-uri')).toBe("'none'");
    expect(d.get('form-action')).toBe("'none'");
    expect(d.get('frame-ancestors')).toBe("'none'");
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval/);
  });

  it('requires Trusted Types for script sinks and allows only the policy Vue creates', () => {
    const d = directives(contentSecurityPolicy());
    expect(d.get('require-trusted-types-for')).toBe("'script'");
    expect(d.get('trusted-types')).toBe('vue');
  });

  it('the <meta> fallback in index.html is the same policy, less what only a header can carry', () => {
    const html = readFileSync(join(repoRoot, 'src-renderer/index.html'), 'utf8');
    const m = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(m, 'index.html has a CSP <meta>').not.toBeNull();
    const meta = directives((m as RegExpExecArray)[1]);
    const header = directives(contentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:*'] }));
    header.delete('frame-ancestors');
    expect(meta).toEqual(header);
  });

  it('adds only the given WebSocket origin to connect-src', () => {
    expect(directives(contentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:4000'] })).get('connect-src')).toBe("'self' ws://127.0.0.1:4000");
  });
});
