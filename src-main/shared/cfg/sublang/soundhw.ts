// `soundhw`: emulated sound cards. Old qemu (xend, libxl < 4.17) took a comma list or `all`;
// libxl ≥ 4.17 turns the value into one `-device` and accepts exactly one model.
import { fail, ok, type SublangResult } from './result';

/** Models libxl ≥ 4.17 accepts (REFERENCE §3.4). */
export const SOUNDHW_XL = ['ac97', 'adlib', 'cs4231a', 'es1370', 'gus', 'hda', 'sb16'] as const;
/** What old qemu-dm also knew. */
export const SOUNDHW_LEGACY = [...SOUNDHW_XL, 'pcspk', 'all'] as const;

export interface SoundHw {
  raw: string;
  models: string[];
}

export function parseSoundHw(raw: string): SublangResult<SoundHw> {
  const models: string[] = [];
  let offset = 0;
  for (const m of raw.split(',')) {
    if (!(SOUNDHW_LEGACY as readonly string[]).includes(m)) {
      return fail('unknown-model', `"${m}" is not a sound card model (${SOUNDHW_XL.join(', ')}).`, offset + 1);
    }
    models.push(m);
    offset += m.length + 1;
  }
  return ok({ raw, models });
}

export function formatSoundHw(s: Pick<SoundHw, 'models'>): string {
  return s.models.join(',');
}

/** True when libxl ≥ 4.17 accepts the value (one model, not `all`). */
export function soundHwValidForModernXl(s: Pick<SoundHw, 'models'>): boolean {
  return s.models.length === 1 && (SOUNDHW_XL as readonly string[]).includes(s.models[0] as string);
}
