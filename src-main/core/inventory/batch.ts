// One command per host per inventory tick (issue 5 §6): the domain table, the long listing and
// every cfg file's text, in one exec. The script is a constant; the tool, sudo and the cfg
// directories are passed as quoted arguments (IN-1), never spliced into the script.
import { ApiError } from '@shared/api/errors';
import type { Arg } from '../remote/argv';
import type { ToolstackKind } from '../toolstack/commands';

/** Per file: at most this much text is read (a cfg is a few KiB; FS-9). */
export const MAX_CFG_READ = 256 * 1024;

// Sections are separated by NUL, which neither the tools' output nor a cfg (libxlutil refuses it)
// nor a file name can contain. Dot-files (XenDeck temps, history) are skipped.
const SCRIPT = `s=$1 t=$2; shift 2
run() { if [ "$s" = 1 ]; then sudo -n "$@"; else "$@"; fi; }
if [ "$t" = xm ]; then run xm list; else run xl list; fi; rc=$?
printf '\\0L%s\\0' "$rc"
if [ "$t" = xm ]; then run xm list --long; else run xl list -l; fi; rc=$?
printf '\\0J%s\\0' "$rc"
for d in "$@"; do
  for f in "$d"/*; do
    [ -f "$f" ] || continue
    printf 'F%s\\0' "$f"
    run head -c ${MAX_CFG_READ + 1} -- "$f" | tr -d '\\000'
    printf '\\0'
  done
done
`;

export function inventoryArgv(kind: ToolstackKind, sudo: boolean, cfgDirs: string[]): Arg[] {
  return ['sh', '-c', SCRIPT, 'xendeck-inventory', sudo ? '1' : '0', kind, ...cfgDirs];
}

export interface BatchOutput {
  list: { code: number; text: string };
  long: { code: number; text: string };
  files: { path: string; text: string }[];
}

function malformed(host: string, why: string): ApiError {
  return new ApiError({
    code: 'COMMAND_FAILED',
    message: `The inventory output of ${host} was not understood: ${why}.`,
    hint: 'The host may lack sh, head or printf; please report it.',
    details: { host },
  });
}

export function parseInventoryOutput(host: string, stdout: string): BatchOutput {
  const parts = stdout.split('\0');
  // [list text, L<rc>, long text, J<rc>, F<path>, text, F<path>, text, …, '']
  if (parts.length < 5 || !/^L\d+$/.test(parts[1] ?? '') || !/^J\d+$/.test(parts[3] ?? '')) throw malformed(host, 'the listing sections are missing');
  const out: BatchOutput = {
    list: { code: Number((parts[1] as string).slice(1)), text: parts[0] as string },
    long: { code: Number((parts[3] as string).slice(1)), text: parts[2] as string },
    files: [],
  };
  for (let i = 4; i + 1 < parts.length; i += 2) {
    const head = parts[i] as string;
    if (!head.startsWith('F')) throw malformed(host, 'a file section has no name');
    const text = parts[i + 1] as string;
    if (text.length > MAX_CFG_READ) continue; // not a guest cfg (FS-9)
    out.files.push({ path: head.slice(1), text });
  }
  return out;
}
