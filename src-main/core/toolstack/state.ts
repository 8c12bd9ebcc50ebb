// The six state letters mean different things per tool (REFERENCE §4.2, §4.7, §4.8):
//   xl list:  r b p s <shutdown reason: - r s c w S> d
//   xm list:  r b p s c d
//   xentop:   d s b c p r
import type { DomainState } from './types';

export type StateLetterTool = 'xl' | 'xm' | 'xentop';

const STATE_LETTERS = /^[-a-zA-Z]{6}$/;

export function isStateLetters(s: string): boolean {
  return STATE_LETTERS.test(s);
}

interface Flags {
  r: boolean;
  b: boolean;
  p: boolean;
  s: boolean;
  c: boolean;
  d: boolean;
}

function flags(letters: string, tool: StateLetterTool): Flags {
  const at = (i: number, ch: string) => letters[i] === ch;
  switch (tool) {
    case 'xl':
      return { r: at(0, 'r'), b: at(1, 'b'), p: at(2, 'p'), s: at(3, 's'), c: at(3, 's') && at(4, 'c'), d: at(5, 'd') };
    case 'xm':
      return { r: at(0, 'r'), b: at(1, 'b'), p: at(2, 'p'), s: at(3, 's'), c: at(4, 'c'), d: at(5, 'd') };
    case 'xentop':
      return { d: at(0, 'd'), s: at(1, 's'), b: at(2, 'b'), c: at(3, 'c'), p: at(4, 'p'), r: at(5, 'r') };
  }
}

/**
 * One state for the UI. The most consequential condition wins: a dying or crashed domain is
 * reported as such even if another letter is also set. A running domain that is neither
 * scheduled nor blocked at the instant of sampling prints `------`: that is still running.
 */
export function stateFromLetters(letters: string, tool: StateLetterTool, hasDomid = true): DomainState {
  if (!hasDomid) return 'stopped';
  const f = flags(letters, tool);
  if (f.d) return 'dying';
  if (f.c) return 'crashed';
  if (f.s) return 'shutdown';
  if (f.p) return 'paused';
  if (f.r) return 'running';
  if (f.b) return 'blocked';
  return 'running';
}
