// Host profile drafts from an ~/.ssh/config text (issue 5 §1), parsed with the ssh-config
// package. Each concrete Host alias becomes a draft with the values OpenSSH would use for it
// (first value wins, `Host *` defaults included); wildcard patterns are skipped.
import SSHConfig, { LineType, type Directive } from 'ssh-config';
import type { HostProfileInput } from '../store/host-profile';

export type HostProfileDraft = Omit<HostProfileInput, 'id'>;

export interface SshConfigImport {
  drafts: HostProfileDraft[];
  /** What was left out and why, for the import dialog. */
  skipped: { entry: string; reason: string }[];
}

function words(value: Directive['value']): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return value.map((v) => v.val);
}

function isPattern(alias: string): boolean {
  return /[*?!]/.test(alias);
}

function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return `${home}/${path.slice(2)}`;
  return path.replaceAll('%d', home);
}

export function importSshConfig(text: string, opts: { home: string }): SshConfigImport {
  const config = SSHConfig.parse(text);
  const drafts: HostProfileDraft[] = [];
  const skipped: SshConfigImport['skipped'] = [];
  const seen = new Set<string>();

  for (const line of config) {
    if (line.type !== LineType.DIRECTIVE) continue;
    const param = line.param.toLowerCase();
    if (param === 'include') {
      skipped.push({ entry: `Include ${words(line.value).join(' ')}`, reason: 'included files are not read; import them separately' });
      continue;
    }
    if (param !== 'host') continue;
    for (const alias of words(line.value)) {
      if (isPattern(alias)) {
        skipped.push({ entry: `Host ${alias}`, reason: 'a wildcard pattern is not a single host' });
        continue;
      }
      if (seen.has(alias)) continue;
      seen.add(alias);
      const computed = config.compute(alias);
      // ssh_config keywords are case-insensitive.
      const get = (key: string): string | string[] | undefined => {
        const k = Object.keys(computed).find((x) => x.toLowerCase() === key);
        return k === undefined ? undefined : computed[k];
      };
      const first = (key: string): string | undefined => {
        const v = get(key);
        return Array.isArray(v) ? v[0] : v;
      };
      const draft: HostProfileDraft = { name: alias, address: first('hostname')?.replaceAll('%h', alias) ?? alias };
      const port = first('port');
      if (port !== undefined) {
        const n = Number(port);
        if (!Number.isInteger(n) || n < 1 || n > 65535) {
          skipped.push({ entry: `Host ${alias}`, reason: `Port ${port} is not a TCP port` });
          continue;
        }
        draft.port = n;
      }
      const user = first('user');
      if (user !== undefined) draft.user = user;
      const identity = first('identityfile');
      if (identity !== undefined && identity.toLowerCase() !== 'none') {
        draft.auth = { method: 'key', keyFile: expandHome(identity, opts.home) };
      } else {
        draft.auth = { method: 'agent' };
      }
      const jump = first('proxyjump');
      if (jump !== undefined && jump.toLowerCase() !== 'none') draft.jumpHost = jump;
      drafts.push(draft);
    }
  }
  return { drafts, skipped };
}
