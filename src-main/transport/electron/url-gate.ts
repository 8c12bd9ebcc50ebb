// EH-4: the one gate for opening a URL in the system browser. Only plain https URLs to an
// allowlisted host pass; everything else (file:, javascript:, data:, smb:, UNC paths, custom
// schemes, credentials in the URL, odd whitespace) is refused with a reason for the log.
export const EXTERNAL_HOSTS: readonly string[] = [
  'xenbits.xen.org',
  'xenproject.org',
  'www.xenproject.org',
  'wiki.xenproject.org',
  'docs.xenproject.org',
  'github.com',
];

export type GateResult = { ok: true; url: string } | { ok: false; reason: string };

export function checkExternalUrl(raw: unknown, allow: readonly string[] = EXTERNAL_HOSTS): GateResult {
  if (typeof raw !== 'string') return { ok: false, reason: 'not a string' };
  if (raw.length > 2048) return { ok: false, reason: 'too long' };
  // `new URL` forgives leading/trailing spaces and control characters; we do not.
  const hasControl = [...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (raw !== raw.trim() || hasControl || /[\s\\]/.test(raw)) return { ok: false, reason: 'whitespace, control characters or backslashes' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: `scheme ${url.protocol} is not allowed` };
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'credentials in the URL' };
  if (url.port !== '') return { ok: false, reason: 'explicit port' };
  if (!allow.includes(url.hostname)) return { ok: false, reason: `host ${url.hostname} is not on the allowlist` };
  return { ok: true, url: url.href };
}
