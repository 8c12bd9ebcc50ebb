// The ~/.ssh/config import: drafts become rows, existing names are marked and not offered, each
// chosen row is added with the draft's own values, and one refusal never stops the others.
import { describe, expect, it } from 'vitest';
import { ApiError } from '@shared/api';
import type { HostAddInput, HostDraft } from '@shared/api/hosts-types';
import { defaultSelection, draftToInput, importRows, rowsFromDrafts, skippedReason } from '@/views/ssh-import';

const drafts: HostDraft[] = [
  { name: 'dom0-1', address: '127.0.0.2', port: 2201, user: 'admin', auth: { method: 'key', keyFile: '/home/me/.ssh/id_ed25519' } },
  { name: 'dom0-2', address: '127.0.0.3', auth: { method: 'agent' }, jumpHost: 'bastion' },
  { name: 'lab', address: 'lab.example.org' },
];

describe('ssh config import', () => {
  it('marks names that already exist and ticks only the new ones', () => {
    const rows = rowsFromDrafts(drafts, ['dom0-1', 'other']);
    expect(rows.map((r) => [r.draft.name, r.exists, r.status])).toEqual([
      ['dom0-1', true, 'idle'],
      ['dom0-2', false, 'idle'],
      ['lab', false, 'idle'],
    ]);
    expect(defaultSelection(rows)).toEqual(['dom0-2', 'lab']);
  });

  it('turns a draft into hosts.add input with exactly its values, plus the cfg directory when given', () => {
    expect(draftToInput(drafts[0]!)).toEqual({ name: 'dom0-1', address: '127.0.0.2', port: 2201, user: 'admin', auth: { method: 'key', keyFile: '/home/me/.ssh/id_ed25519' } });
    expect(draftToInput(drafts[1]!, ' /srv/xen ')).toEqual({ name: 'dom0-2', address: '127.0.0.3', auth: { method: 'agent' }, jumpHost: 'bastion', cfgDirs: ['/srv/xen'] });
    expect(draftToInput(drafts[2]!, '  ')).toEqual({ name: 'lab', address: 'lab.example.org' });
  });

  it('adds the chosen rows in order; a refused one keeps its error and the rest go on', async () => {
    const rows = rowsFromDrafts(drafts, ['dom0-1']);
    const sent: HostAddInput[] = [];
    const add = async (input: HostAddInput) => {
      sent.push(input);
      if (input.name === 'dom0-2') throw new ApiError({ code: 'INVALID_INPUT', message: 'A host named "dom0-2" already exists.' });
    };
    // dom0-1 exists: even if ticked it is not sent.
    const r = await importRows(rows, ['dom0-1', 'dom0-2', 'lab'], add);
    expect(r).toEqual({ added: 1, failed: 1 });
    expect(sent.map((s) => s.name)).toEqual(['dom0-2', 'lab']);
    expect(rows.map((x) => x.status)).toEqual(['idle', 'failed', 'added']);
    expect(rows[1]!.error).toMatchObject({ code: 'INVALID_INPUT', message: 'A host named "dom0-2" already exists.' });

    // A second run after fixing things does not add "lab" again.
    sent.length = 0;
    const again = await importRows(rows, ['dom0-2', 'lab'], async (input) => void sent.push(input));
    expect(again).toEqual({ added: 1, failed: 0 });
    expect(sent.map((s) => s.name)).toEqual(['dom0-2']);
    expect(rows[1]!.error).toBeUndefined();
  });

  it("translates the core's known reasons for skipped entries and leaves others as written", () => {
    expect(skippedReason('a wildcard pattern is not a single host')).toEqual({ key: 'importSsh.reasonWildcard', params: {} });
    expect(skippedReason('included files are not read; import them separately')).toEqual({ key: 'importSsh.reasonInclude', params: {} });
    expect(skippedReason('Port 99999 is not a TCP port')).toEqual({ key: 'importSsh.reasonPort', params: { port: '99999' } });
    expect(skippedReason('something new')).toBeNull();
  });
});
