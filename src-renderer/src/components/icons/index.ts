// A few stroke icons drawn inline (no icon font: font-src is 'self' and the set is tiny).
import { h, type FunctionalComponent } from 'vue';

function icon(paths: string[]): FunctionalComponent {
  const c: FunctionalComponent = () =>
    h(
      'svg',
      { viewBox: '0 0 24 24', width: '1em', height: '1em', fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true' },
      paths.map((d) => h('path', { d })),
    );
  return c;
}

export const IconServer = icon(['M4 4h16v6H4z', 'M4 14h16v6H4z', 'M8 7h.01', 'M8 17h.01']);
export const IconPulse = icon(['M3 12h4l3-8 4 16 3-8h4']);
export const IconInfo = icon(['M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z', 'M12 16v-4', 'M12 8h.01']);
export const IconPlus = icon(['M12 5v14', 'M5 12h14']);
export const IconTerminal = icon(['M4 17l6-5-6-5', 'M12 19h8']);
