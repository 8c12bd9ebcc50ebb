// Window state remembered across runs (userData/window-state.json). Pure: parse what was saved,
// and fit it onto the displays that exist now, so a window never reopens off-screen.
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export interface SavedWindowState {
  bounds: WindowBounds;
  maximized: boolean;
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_STATE: SavedWindowState = { bounds: { width: 1280, height: 800 }, maximized: false };
const MIN = { width: 800, height: 560 };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 1_000_000;

/** Reads the saved JSON; anything malformed falls back to the defaults. */
export function parseWindowState(text: string | null): SavedWindowState {
  if (text === null) return DEFAULT_STATE;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return DEFAULT_STATE;
  }
  if (typeof raw !== 'object' || raw === null) return DEFAULT_STATE;
  const o = raw as { bounds?: Record<string, unknown>; maximized?: unknown };
  const b = o.bounds;
  if (!b || !isInt(b.width) || !isInt(b.height)) return DEFAULT_STATE;
  const bounds: WindowBounds = { width: b.width, height: b.height };
  if (isInt(b.x) && isInt(b.y)) {
    bounds.x = b.x;
    bounds.y = b.y;
  }
  return { bounds, maximized: o.maximized === true };
}

function overlap(a: Area, b: Area): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Fits saved bounds onto the current displays' work areas: the size is clamped to the largest
 * display; a window that no longer overlaps any display by at least a title bar's worth is
 * re-centred by the OS (x/y dropped).
 */
export function fitBounds(saved: WindowBounds, workAreas: Area[]): WindowBounds {
  if (workAreas.length === 0) return { width: saved.width, height: saved.height };
  const maxW = Math.max(...workAreas.map((a) => a.width));
  const maxH = Math.max(...workAreas.map((a) => a.height));
  const width = Math.max(MIN.width, Math.min(saved.width, maxW));
  const height = Math.max(MIN.height, Math.min(saved.height, maxH));
  if (saved.x === undefined || saved.y === undefined) return { width, height };
  const rect = { x: saved.x, y: saved.y, width, height };
  const visible = workAreas.some((a) => overlap(rect, a) >= Math.min(100 * 40, width * height));
  return visible ? rect : { width, height };
}

export function serializeWindowState(state: SavedWindowState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}
