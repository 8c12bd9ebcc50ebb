// Drift between a running guest's cfg file and its running config (issue 5 §6), per field.
// The direction needs a baseline: the pair (cfg, running config) recorded when XenDeck first saw
// this domain run. Without one, a difference is reported without a direction.
import type { DriftFieldName, DriftKind, DriftView } from '@shared/api/hosts-types';
import type { CfgSummary, LiveSummary } from './types';

export const DRIFT_FIELDS: readonly DriftFieldName[] = ['memoryMiB', 'maxMemoryMiB', 'vcpus', 'maxVcpus', 'onPoweroff', 'onReboot', 'onCrash'];
export type DriftField = DriftFieldName;
export type { DriftKind };
export type DriftItem = DriftView;

export interface DriftBaseline {
  disk: Omit<CfgSummary, 'path' | 'name'>;
  live: LiveSummary;
}

/**
 * A field the cfg does not set is not compared (its default is the toolstack's business), nor one
 * the running config does not report.
 */
export function computeDrift(disk: Omit<CfgSummary, 'path' | 'name'>, live: LiveSummary, baseline?: DriftBaseline): DriftItem[] {
  const out: DriftItem[] = [];
  for (const field of DRIFT_FIELDS) {
    const d = disk[field];
    const l = live[field];
    if (d === undefined || l === undefined || d === l) continue;
    let kind: DriftKind = 'differs';
    if (baseline !== undefined) {
      const diskMoved = baseline.disk[field] !== d;
      const liveMoved = baseline.live[field] !== l;
      kind =
        diskMoved && liveMoved ? 'changed on disk and live'
        : diskMoved ? 'changed on disk, not applied'
        : liveMoved ? 'changed live, not saved'
        : 'differs';
    }
    out.push({ field, disk: d, live: l, kind });
  }
  return out;
}
