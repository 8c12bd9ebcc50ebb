// The add-host form's fields and its checks: the contract's rules (hosts-types HostAddInput),
// answered as i18n keys so each message shows beside its field in the user's language.
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
}

export type FormProblems = Partial<Record<keyof HostForm, string>>;

export function validateHostForm(f: HostForm): FormProblems {
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
  if (f.auth === 'password' && !f.password) p.password = 'addHost.required';
  const fp = f.fingerprint.trim();
  if (fp && !/^SHA256:[A-Za-z0-9+/]{43}$/.test(fp)) p.fingerprint = 'addHost.invalidFingerprint';
  const dir = f.cfgDir.trim();
  if (dir && !/^\/[^\0\n]*$/.test(dir)) p.cfgDir = 'addHost.invalidDir';
  return p;
}
