// The seam between the cfg engine's parts: the parser (syntax/) produces entries, the schema
// (schema/) describes options, the linter (lint/) turns entries into diagnostics.

/** An effective value exactly as libxlutil gives it: numbers keep their text; lists nest. */
export type CfgValue = string | CfgValue[];

export type ScalarKind = 'string' | 'number' | 'list';

/** One assignment as written in the file, in file order (duplicates included). */
export interface CfgEntry {
  key: string;
  /** The value this assignment produces after `+=` folding at this point of the file. */
  value: CfgValue;
  kind: ScalarKind;
  op: '=' | '+=';
  /** 1-based position of the key. */
  line: number;
  col: number;
  /** 1-based position where the value starts. */
  valueLine: number;
  valueCol: number;
}

/** A Python region of a legacy xm file that is kept verbatim (import, if/else, def, expressions). */
export interface ScriptedRegion {
  startLine: number;
  endLine: number;
  text: string;
  /** Keys this region assigns, where they can be seen (`device_model = '/usr/' + x`). */
  assigns: string[];
}

export type Toolstack = 'xl' | 'xm';

export type Severity = 'error' | 'warning' | 'info';

/** A fix the UI and the CLI can offer; applying it goes through the editor (minimal diff). */
export type CfgFix =
  | { kind: 'set'; key: string; value: CfgValue }
  | { kind: 'remove'; key: string }
  | { kind: 'rename'; key: string; newKey: string }
  | { kind: 'append-newline' };

export interface Diagnostic {
  severity: Severity;
  /** Stable code, e.g. `unknown-key`, `vnc-open-no-password`; the UI translates by code. */
  code: string;
  /** English sentence for the CLI and logs. */
  message: string;
  /** Parameters for the translated sentence (key, value, suggestion…). */
  params?: Record<string, string | number>;
  line: number;
  col: number;
  fix?: CfgFix;
}
