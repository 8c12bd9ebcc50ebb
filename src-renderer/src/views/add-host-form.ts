// The add/edit-host form's fields and its checks: the contract's rules (hosts-types HostAddInput),
// answered as i18n keys so each message shows beside its field in the user's language. Editing
// starts from the host as listed (never a secret: those stay in main) and sends only what changed.
import type { HostAddInput, HostUpdateInput, HostView } from '@shared/api/hosts-types';

export interface HostForm {
  name: string;
  address: string;
  port: number | null;
  user: string;
  auth: 'key' | 'password' | 'agent';
  keyFile: string;
  passphrase: string;
  password: string;
  fingerprint: string;
  cfgDir: string;
  /** Comma-separated. */
  tags: string;
  group: string;
  saveDir: string;
}

export type FormProblems = Partial<Record<keyof HostForm, string>>;

export function emptyHostForm(): HostForm {
  return { name: '', address: '', port: 22, user: 'root', auth: 'key', keyFile: '', passphrase: '', password: '', fingerprint: '', cfgDir: '', tags: '', group: '', saveDir: '' };
}

/** The form for editing H: its fields as listed, the secret fields empty ("keep the stored one"). */
export function formFromHost(h: HostView): HostForm {
  // keyboard-interactive has no button of its own: shown as password, saved only if changed.
  const auth = h.auth.method === 'key' ? 'key' : h.auth.method === 'agent' ? 'agent' : 'password';
  return {
    ...emptyHostForm(),
    name: h.name,
    address: h.address,
    port: h.port,
    user: h.user,
    auth,
    keyFile: h.auth.method === 'key' ? h.auth.keyFile : '',
    fingerprint: h.hostKeyFingerprint ?? '',
    cfgDir: h.cfgDirs[0] ?? '',
    tags: h.tags.join(', '),
    group: h.group ?? '',
    saveDir: h.saveDir,
  };
}

export const parseTags = (text: string): string[] => [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];

/** EDITING: the host being edited; a password it already logs in with may then stay empty (kept). */
export function validateHostForm(f: HostForm, editing?: HostView): FormProblems {
  const p: FormProblems = {};
  if (!f.name.trim()) p.name = 'addHost.required';
  const address = f.address.trim();
  if (!address) p.address = 'addHost.required';
  else if (!/^[^\s/@]+$/.test(address) || address.length > 255) p.address = 'addHost.invalidAddress';
  if (f.port === null || !Number.isInteger(f.port) || f.port < 1 || f.port > 65535) p.port = 'addHost.invalidPort';
  const user = f.user.trim();
  if (!user) p.user = 'addHost.required';
  else if (!/^[^\s:@]+$/.test(user) || user.length > 64) p.user = 'addHost.invalidUser';
  if (f.auth === 'key' && !f.keyFile.trim()) p.keyFile = 'addHost.required';
  const keepsPassword = editing !== undefined && editing.auth.method !== 'key' && editing.auth.method !== 'agent';
  if (f.auth === 'password' && !f.password && !keepsPassword) p.password = 'addHost.required';
  const fp = f.fingerprint.trim();
  if (fp && !/^SHA256:[A-Za-z0-9+/]{43}$/.test(fp)) p.fingerprint = 'addHost.invalidFingerprint';
  const dir = f.cfgDir.trim();
  if (dir && !/^\/[^\0\n]*$/.test(dir)) p.cfgDir = 'addHost.invalidDir';
  const saveDir = f.saveDir.trim();
  if (saveDir && !/^\/[^\0\n]*[^/\0\n]$/.test(saveDir)) p.saveDir = 'addHost.invalidDir';
  const tags = parseTags(f.tags);
  if (tags.length > 32 || tags.some((x) => x.length > 64)) p.tags = 'editHost.invalidTags';
  if (f.group.trim().length > 128) p.group = 'editHost.invalidGroup';
  return p;
}

function authOf(f: HostForm): NonNullable<HostAddInput['auth']> {
  if (f.auth === 'key') return { method: 'key', keyFile: f.keyFile.trim() };
  return { method: f.auth };
}

/** hosts.add's input from a new host's form. */
export function addInputFromForm(f: HostForm): HostAddInput {
  const input: HostAddInput = { name: f.name.trim(), address: f.address.trim(), port: f.port ?? 22, user: f.user.trim(), auth: authOf(f) };
  if (f.auth === 'key' && f.passphrase) input.passphrase = f.passphrase;
  if (f.auth === 'password') input.password = f.password;
  if (f.fingerprint.trim()) input.hostKeyFingerprint = f.fingerprint.trim();
  if (f.cfgDir.trim()) input.cfgDirs = [f.cfgDir.trim()];
  if (f.saveDir.trim()) input.saveDir = f.saveDir.trim();
  const tags = parseTags(f.tags);
  if (tags.length > 0) input.tags = tags;
  if (f.group.trim()) input.group = f.group.trim();
  return input;
}

/**
 * hosts.update's input: only the fields that differ from H, so an unchanged login keeps the
 * connection. Empty secrets keep the stored ones; an emptied fingerprint or group clears it.
 */
export function updateInputFromForm(h: HostView, f: HostForm): HostUpdateInput {
  const u: HostUpdateInput = { host: h.id };
  const was = formFromHost(h);
  const name = f.name.trim();
  if (name !== h.name) u.name = name;
  if (f.address.trim() !== h.address) u.address = f.address.trim();
  if (f.port !== null && f.port !== h.port) u.port = f.port;
  if (f.user.trim() !== h.user) u.user = f.user.trim();
  if (f.auth !== was.auth || (f.auth === 'key' && f.keyFile.trim() !== was.keyFile)) u.auth = authOf(f);
  if (f.auth === 'key' && f.passphrase) u.passphrase = f.passphrase;
  if (f.auth === 'password' && f.password) u.password = f.password;
  const fp = f.fingerprint.trim();
  if (fp !== was.fingerprint) u.hostKeyFingerprint = fp || null;
  const dir = f.cfgDir.trim();
  // The form edits the first cfg directory; any others the host has stay after it.
  if (dir !== was.cfgDir) u.cfgDirs = dir ? [dir, ...h.cfgDirs.slice(1)] : h.cfgDirs.length > 1 ? h.cfgDirs.slice(1) : ['/etc/xen'];
  const saveDir = f.saveDir.trim();
  if (saveDir && saveDir !== h.saveDir) u.saveDir = saveDir;
  const tags = parseTags(f.tags);
  if (tags.join('\n') !== h.tags.join('\n')) u.tags = tags;
  const group = f.group.trim();
  if (group !== was.group) u.group = group || null;
  return u;
}
