// Host keys checked as OpenSSH checks them (ST-1…ST-4): ~/.ssh/known_hosts (plain names, comma
// lists, wildcards, hashed `|1|salt|hmac` names, `[host]:port`, `@revoked`), XenDeck's own
// known_hosts file in its data directory, and fingerprints pinned in host profiles.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ApiError } from '@shared/api/errors';

export interface KnownHostEntry {
  file: string;
  line: number;
  marker: 'revoked' | null;
  /** Host patterns (plain entries) — empty for a hashed entry. */
  patterns: string[];
  hashed?: { salt: Buffer; hash: Buffer };
  keyType: string;
  key: Buffer;
}

export interface KnownHostsWarning {
  file: string;
  line: number;
  reason: string;
}

/** A fingerprint pinned in a host profile (e.g. `hostKeyFingerprint` from the simulator's hosts.json). */
export interface HostKeyPin {
  host: string;
  port: number;
  fingerprint: string;
  /** Where the pin lives, for the "fix it here" sentence, e.g. `host profile "dom0-a"`. */
  source: string;
}

export type HostKeyCheck =
  | { status: 'trusted'; keyType: string; fingerprint: string; source: string }
  | { status: 'unknown'; keyType: string; fingerprint: string; otherKnownTypes: string[] }
  | { status: 'changed'; keyType: string; fingerprint: string; oldFingerprint: string; source: string; file?: string; line?: number }
  | { status: 'revoked'; keyType: string; fingerprint: string; source: string };

/** `SHA256:` + unpadded base64 of sha256(key blob), exactly as `ssh-keygen -lf` prints it. */
export function fingerprintSha256(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return '';
  const n = key.readUInt32BE(0);
  if (n > 64 || 4 + n > key.length) return '';
  return key.subarray(4, 4 + n).toString('latin1');
}

/** ED25519, RSA, ECDSA… as ssh-keygen prints it in parentheses. */
export function keyTypeLabel(keyType: string): string {
  if (keyType === 'ssh-ed25519') return 'ED25519';
  if (keyType === 'ssh-rsa') return 'RSA';
  if (keyType === 'ssh-dss') return 'DSA';
  if (keyType.startsWith('ecdsa-sha2-')) return 'ECDSA';
  if (keyType.startsWith('sk-ssh-ed25519')) return 'ED25519-SK';
  if (keyType.startsWith('sk-ecdsa-')) return 'ECDSA-SK';
  return keyType.toUpperCase();
}

/** The name OpenSSH looks up: `host` for port 22, `[host]:port` otherwise. */
export function hostToken(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string, file: string): { entries: KnownHostEntry[]; warnings: KnownHostsWarning[] } {
  const entries: KnownHostEntry[] = [];
  const warnings: KnownHostsWarning[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const s = raw.replace(/\r$/, '').trim();
    if (s === '' || s.startsWith('#')) return;
    const f = s.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (f[0].startsWith('@')) {
      if (f[0] === '@cert-authority') {
        warnings.push({ file, line, reason: '@cert-authority entries are not used by XenDeck (host certificates are not supported); the line is ignored' });
        return;
      }
      if (f[0] !== '@revoked') {
        warnings.push({ file, line, reason: `unknown marker ${f[0]}; the line is ignored` });
        return;
      }
      marker = 'revoked';
      f.shift();
    }
    if (f.length < 3) {
      warnings.push({ file, line, reason: 'expected "hostnames keytype key"; the line is ignored' });
      return;
    }
    const [names, keyType, b64] = f;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
      warnings.push({ file, line, reason: 'the key is not base64; the line is ignored' });
      return;
    }
    const key = Buffer.from(b64, 'base64');
    if (keyTypeOf(key) !== keyType) {
      warnings.push({ file, line, reason: `the key does not match its type ${keyType}; the line is ignored` });
      return;
    }
    const entry: KnownHostEntry = { file, line, marker, patterns: [], keyType, key };
    if (names.startsWith('|1|')) {
      const [, , salt, hash] = names.split('|');
      if (salt === undefined || hash === undefined) {
        warnings.push({ file, line, reason: 'a hashed host name is malformed; the line is ignored' });
        return;
      }
      entry.hashed = { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
    } else {
      entry.patterns = names.split(',');
    }
    entries.push(entry);
  });
  return { entries, warnings };
}

function globToRegExp(pattern: string): RegExp {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i');
}

/** Does a known_hosts entry name this host and port? Negated patterns (`!pat`) veto a match. */
export function entryMatches(e: KnownHostEntry, host: string, port: number): boolean {
  const token = hostToken(host, port);
  if (e.hashed) {
    const mac = createHmac('sha1', e.hashed.salt).update(token).digest();
    return mac.length === e.hashed.hash.length && mac.equals(e.hashed.hash);
  }
  let matched = false;
  for (const p of e.patterns) {
    const negated = p.startsWith('!');
    const pat = negated ? p.slice(1) : p;
    // A bare pattern only matches port 22; `[pat]:port` names the port.
    if (globToRegExp(pat).test(token)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

export class KnownHosts {
  readonly entries: KnownHostEntry[] = [];
  readonly warnings: KnownHostsWarning[] = [];

  constructor(
    sources: { file: string; text: string }[] = [],
    readonly pins: HostKeyPin[] = [],
  ) {
    for (const s of sources) {
      const r = parseKnownHosts(s.text, s.file);
      this.entries.push(...r.entries);
      this.warnings.push(...r.warnings);
    }
  }

  /** Reads known_hosts files; a missing file is simply empty. */
  static async load(files: string[], pins: HostKeyPin[] = []): Promise<KnownHosts> {
    const sources: { file: string; text: string }[] = [];
    for (const file of files) {
      try {
        sources.push({ file, text: await readFile(file, 'utf8') });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    return new KnownHosts(sources, pins);
  }

  /** `extraPins`: e.g. the fingerprint pinned in the profile being connected. */
  check(host: string, port: number, keyType: string, key: Buffer, extraPins: HostKeyPin[] = []): HostKeyCheck {
    const fingerprint = fingerprintSha256(key);
    const matching = this.entries.filter((e) => entryMatches(e, host, port));
    // Like OpenSSH, a revocation applies where its host pattern matches (usually `*`).
    const revoked = matching.find((e) => e.marker === 'revoked' && e.key.equals(key));
    if (revoked) return { status: 'revoked', keyType, fingerprint, source: `${revoked.file}:${revoked.line}` };

    const plain = matching.filter((e) => e.marker === null);
    const same = plain.find((e) => e.keyType === keyType && e.key.equals(key));
    const pins = [...this.pins, ...extraPins].filter((p) => p.host === host && p.port === port);
    const pinOk = pins.find((p) => p.fingerprint === fingerprint);
    if (same) return { status: 'trusted', keyType, fingerprint, source: `${same.file}:${same.line}` };
    if (pinOk) return { status: 'trusted', keyType, fingerprint, source: pinOk.source };

    const differs = plain.find((e) => e.keyType === keyType);
    if (differs) {
      return { status: 'changed', keyType, fingerprint, oldFingerprint: fingerprintSha256(differs.key), source: `${differs.file}:${differs.line}`, file: differs.file, line: differs.line };
    }
    // A pin is one key whatever its type: anything else is a changed key.
    if (pins.length > 0) return { status: 'changed', keyType, fingerprint, oldFingerprint: pins[0].fingerprint, source: pins[0].source };
    return { status: 'unknown', keyType, fingerprint, otherKnownTypes: [...new Set(plain.map((e) => e.keyType))] };
  }
}

/** One line for XenDeck's own known_hosts file (hashed, like HashKnownHosts yes). */
export function knownHostsLine(host: string, port: number, keyType: string, key: Buffer, opts: { hashed?: boolean } = { hashed: true }): string {
  const token = hostToken(host, port);
  let names = token;
  if (opts.hashed !== false) {
    const salt = randomBytes(20);
    names = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(token).digest('base64')}`;
  }
  return `${names} ${keyType} ${key.toString('base64')}\n`;
}

/** The refusal for a changed, revoked or (not yet accepted) unknown key; null when trusted. */
export function hostKeyError(check: HostKeyCheck, hostLabel: string): ApiError | null {
  const type = keyTypeLabel(check.keyType);
  switch (check.status) {
    case 'trusted':
      return null;
    case 'unknown':
      return new ApiError({
        code: 'HOST_KEY_UNKNOWN',
        message: `The authenticity of ${hostLabel} can't be established: it sent the ${type} key ${check.fingerprint}, which XenDeck has not seen before.`,
        hint: 'Compare the fingerprint with the one the host shows (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) before trusting it.',
        details: { fingerprint: check.fingerprint, keyType: check.keyType },
      });
    case 'revoked':
      return new ApiError({
        code: 'HOST_KEY_REVOKED',
        message: `${hostLabel} sent the ${type} key ${check.fingerprint}, which is marked @revoked in ${check.source}; nothing was sent to it.`,
        hint: 'The host must be given a new key by its administrator.',
        details: { fingerprint: check.fingerprint, keyType: check.keyType, source: check.source },
      });
    case 'changed':
      return new ApiError({
        code: 'HOST_KEY_CHANGED',
        message:
          `REMOTE HOST IDENTIFICATION HAS CHANGED for ${hostLabel}: it sent the ${type} key ${check.fingerprint}, but ${check.source} holds ${check.oldFingerprint}. ` +
          'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY; nothing was sent to the host.',
        hint:
          check.line !== undefined
            ? `If the key was changed on purpose, remove line ${check.line} of ${check.file} (ssh-keygen -R) and the pin in the host's settings, then connect again.`
            : `If the key was changed on purpose, remove the pinned key in ${check.source}, then connect again.`,
        details: { fingerprint: check.fingerprint, oldFingerprint: check.oldFingerprint, keyType: check.keyType, source: check.source },
      });
  }
}
