// The flags of `npm run web`.
import { describe, expect, it } from 'vitest';
import { parseWebArgs } from '../../../bin/web-args';

describe('web flags', () => {
  it('default to a free port and opening the browser', () => {
    expect(parseWebArgs([])).toEqual({ ok: true, args: { port: 0, open: true, rendererDir: null, dataDir: null } });
  });
  it('take --port N, --port=N and --no-open', () => {
    expect(parseWebArgs(['--port', '8080', '--no-open'])).toEqual({ ok: true, args: { port: 8080, open: false, rendererDir: null, dataDir: null } });
    expect(parseWebArgs(['--renderer-dir', '/tmp/r'])).toEqual({ ok: true, args: { port: 0, open: true, rendererDir: '/tmp/r', dataDir: null } });
    expect(parseWebArgs(['--data-dir', '/tmp/d'])).toEqual({ ok: true, args: { port: 0, open: true, rendererDir: null, dataDir: '/tmp/d' } });
    expect(parseWebArgs(['--port=0'])).toEqual({ ok: true, args: { port: 0, open: true, rendererDir: null, dataDir: null } });
  });
  it.each([['--port'], ['--renderer-dir'], ['--data-dir'], ['--port', 'x'], ['--port', '70000'], ['--port', '-1'], ['--bogus']])('refuse %j with a sentence', (...argv) => {
    const r = parseWebArgs(argv);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/\.$/);
  });
});
