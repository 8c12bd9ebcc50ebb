// The ~/.ssh/config import: the drafts hosts.importSshConfig returns as rows the user picks from,
// each turned into a hosts.add input, added one after the other so one refusal never stops the
// rest; and the core's reasons for skipped entries as catalogue keys where we know them.
import type { ApiErrorInfo } from '@shared/api';
import type { HostAddInput, HostDraft } from '@shared/api/hosts-types';
import { toApiError } from '@/services/api-error';

export type ImportStatus = 'idle' | 'adding' | 'added' | 'failed';

export interface ImportRow {
  draft: HostDraft;
  /** A host of this name is already configured: not offered (hosts.add would refuse it). */
  exists: boolean;
  status: ImportStatus;
  error?: ApiErrorInfo;
}

export function rowsFromDrafts(drafts: readonly HostDraft[], existingNames: readonly string[]): ImportRow[] {
  const existing = new Set(existingNames);
  return drafts.map((draft) => ({ draft, exists: existing.has(draft.name), status: 'idle' }));
}

/** Checked at first: every draft that is not already a host. */
export function defaultSelection(rows: readonly ImportRow[]): string[] {
  return rows.filter((r) => !r.exists).map((r) => r.draft.name);
}

export function draftToInput(d: HostDraft, cfgDir = ''): HostAddInput {
  const input: HostAddInput = { name: d.name, address: d.address };
  if (d.port !== undefined) input.port = d.port;
  if (d.user !== undefined) input.user = d.user;
  if (d.auth !== undefined) input.auth = d.auth;
  if (d.jumpHost !== undefined) input.jumpHost = d.jumpHost;
  if (cfgDir.trim()) input.cfgDirs = [cfgDir.trim()];
  return input;
}

/**
 * Adds the chosen rows in order. A failure is kept on its row and the next row is tried; rows
 * already added (a second click after fixing one) are not added again.
 */
export async function importRows(
  rows: ImportRow[],
  chosen: readonly string[],
  add: (input: HostAddInput) => Promise<unknown>,
  cfgDir = '',
  onChange: () => void = () => undefined,
): Promise<{ added: number; failed: number }> {
  const pick = new Set(chosen);
  let added = 0;
  let failed = 0;
  for (const row of rows) {
    if (!pick.has(row.draft.name) || row.exists || row.status === 'added') continue;
    row.status = 'adding';
    row.error = undefined;
    onChange();
    try {
      await add(draftToInput(row.draft, cfgDir));
      row.status = 'added';
      added++;
    } catch (e) {
      row.status = 'failed';
      row.error = toApiError(e).toInfo();
      failed++;
    }
    onChange();
  }
  return { added, failed };
}

export interface ReasonText {
  key: string;
  params: Record<string, string>;
}

/** The skipped-entry reasons of core/hosts/ssh-config-import.ts, translated; others are shown as the core wrote them. */
export function skippedReason(reason: string): ReasonText | null {
  if (reason.startsWith('a wildcard pattern')) return { key: 'importSsh.reasonWildcard', params: {} };
  if (reason.startsWith('included files are not read')) return { key: 'importSsh.reasonInclude', params: {} };
  const port = /^Port (.+) is not a TCP port$/.exec(reason);
  if (port) return { key: 'importSsh.reasonPort', params: { port: port[1] ?? '' } };
  return null;
}

/** hosts.importSshConfig takes at most this much text (the contract's bound). */
export const MAX_CONFIG_CHARS = 256 * 1024;
