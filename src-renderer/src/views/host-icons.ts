// The few extra stroke icons of the host screens, drawn like components/icons (no icon font).
import { h, type FunctionalComponent } from 'vue';

function icon(paths: string[]): FunctionalComponent {
  return () =>
    h(
      'svg',
      { viewBox: '0 0 24 24', width: '1em', height: '1em', fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true' },
      paths.map((d) => h('path', { d })),
    );
}

export const IconMore = icon(['M5 12h.01', 'M12 12h.01', 'M19 12h.01']);
export const IconImport = icon(['M12 3v12', 'M7 10l5 5 5-5', 'M4 19h16']);
export const IconRetry = icon(['M20 11a8 8 0 1 0-2.3 5.7', 'M20 4v7h-7']);
export const IconFile = icon(['M14 3H6v18h12V7z', 'M14 3v4h4']);
