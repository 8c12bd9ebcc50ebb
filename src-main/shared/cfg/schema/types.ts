// What the schema says about one option. Pure data: the editor, the linter, the CLI and the
// renderer's help panel all read it.
import type { CfgValue, Toolstack } from '../model';

/** Help or a label in the two languages the product ships first. */
export interface Localized {
  en: string;
  'zh-CN': string;
}

export type GroupId = 'general' | 'cpu-memory' | 'boot' | 'disks' | 'network' | 'display' | 'devices' | 'lifecycle' | 'advanced';

/** How the value is read. Sub-language kinds are strings (or lists of strings) with a grammar. */
export type OptionType =
  | 'string'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'list'
  | 'cpus'
  | 'disk'
  | 'vif'
  | 'boot'
  | 'usbdevice'
  | 'serial'
  | 'soundhw'
  | 'uuid';

export type Unit = 'MiB' | 'KiB' | 'seconds' | 'percent' | 'port' | 'count';

export interface OptionDefault {
  /** The value xl/libxl uses for an HVM guest when the key is absent (null: nothing / computed). */
  xl?: CfgValue | null;
  /** The value xend uses when it differs from xl's (CentOS 5 era xend 3.0.3 first). */
  xm?: CfgValue | null;
  /** When the default is computed or conditional, a sentence saying how. */
  note?: Localized;
}

export interface OptionSpec {
  key: string;
  type: OptionType;
  /**
   * Whether the file must hold a scalar, a list, or may hold either. For sub-languages with
   * `shape: 'list'` (disk, vif) each element is one spec.
   */
  shape: 'scalar' | 'list' | 'either';
  group: GroupId;
  /** Toolstacks that read the key. Empty: no toolstack reads it (kept so it can be explained). */
  toolstacks: Toolstack[];
  /** First xl release that reads the key, where known (e.g. `4.10`). */
  xlSince?: string;
  default?: OptionDefault;
  /** Allowed values for `enum` (exact strings as xl compares them). */
  values?: readonly string[];
  /** `values` lists the common choices only; another value is unusual, not wrong. */
  openValues?: boolean;
  /** Values accepted by xm only (e.g. xend's integer forms). */
  xmValues?: readonly string[];
  min?: number;
  max?: number;
  /** Below this the option works but is a bad idea (warned, not rejected). */
  recommendedMin?: number;
  unit?: Unit;
  /** The xl key that replaces an xm key (`cpu_cap` → `cap`). Same value, new name. */
  xlName?: string;
  /** The xm key to use on an xend host for an xl key (`type` → `builder`). */
  xmName?: string;
  /** xl still reads it but prefers another spelling. */
  deprecatedInXl?: { replacement?: string; note: Localized };
  /** Short label for forms and lists. */
  label: Localized;
  /** What it does and how to choose, for an administrator. */
  help: Localized;
}

export interface GroupSpec {
  id: GroupId;
  label: Localized;
}
