// The window reopens where it was left, never off-screen and never unusably small.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, fitBounds, parseWindowState, serializeWindowState } from '../../../src-main/transport/electron/window-bounds';

const laptop = [{ x: 0, y: 0, width: 1920, height: 1050 }];

describe('remembered window state', () => {
  it('round-trips through its file format', () => {
    const s = { bounds: { x: 100, y: 80, width: 1200, height: 760 }, maximized: true };
    expect(parseWindowState(serializeWindowState(s))).toEqual(s);
  });

  it.each([null, '', '{', '[]', '"x"', '{"bounds":{"width":"800","height":600}}', '{"bounds":{"width":1e9,"height":600}}'])('falls back to defaults for %j', (text) => {
    expect(parseWindowState(text)).toEqual(DEFAULT_STATE);
  });

  it('keeps a position that is on a display', () => {
    expect(fitBounds({ x: 100, y: 80, width: 1200, height: 760 }, laptop)).toEqual({ x: 100, y: 80, width: 1200, height: 760 });
  });

  it('drops a position on a display that is gone, so the OS centres the window', () => {
    expect(fitBounds({ x: 3000, y: 80, width: 1200, height: 760 }, laptop)).toEqual({ width: 1200, height: 760 });
  });

  it('clamps the size to the largest display and to the minimum', () => {
    expect(fitBounds({ width: 5000, height: 3000 }, laptop)).toEqual({ width: 1920, height: 1050 });
    expect(fitBounds({ width: 10, height: 10 }, laptop)).toEqual({ width: 800, height: 560 });
  });
});
