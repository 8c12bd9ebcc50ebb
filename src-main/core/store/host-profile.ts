// Host profiles as versioned JSON (issue 5 §1). Secrets are never part of a profile: a profile
// names a secret by id and the Secrets store holds it (ST-7). Objects are strict so a stray
// `password` field is refused rather than written to disk.
import { z } from 'zod';

export const HOSTS_FILE_VERSION = 2;

const fingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'a fingerprint looks like SHA256: followed by 43 base64 characters');
const absolutePath = z.string().regex(/^\/[^\0\n]*$/, 'an absolute path on the host');

export const HostAuth = z.discriminatedUnion('method', [
  z.object({ method: z.literal('agent') }).strict(),
  z.object({ method: z.literal('key'), keyFile: z.string().min(1), passphraseSecretId: z.string().optional() }).strict(),
  z.object({ method: z.literal('password'), secretId: z.string().min(1) }).strict(),
  z.object({ method: z.literal('keyboard-interactive') }).strict(),
]);
export type HostAuth = z.infer<typeof HostAuth>;

export const HostProfile = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1).max(128),
    address: z.string().min(1).max(255).regex(/^[^\s/@]+$/, 'a host name or IP address, without spaces, "/" or "@"'),
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().min(1).max(64).regex(/^[^\s:@]+$/).default('root'),
    auth: HostAuth.default({ method: 'agent' }),
    /** ProxyJump syntax: `[user@]host[:port]`, or the name of another profile. */
    jumpHost: z.string().min(1).optional(),
    /** Run commands through `sudo -n` (non-root login, ST-9). */
    sudo: z.boolean().default(false),
    cfgDirs: z.array(absolutePath).min(1).default(['/etc/xen']),
    autostartDir: absolutePath.default('/etc/xen/auto'),
    /** Where `domains.save` puts images (xendomains' XENDOMAINS_SAVE). */
    saveDir: absolutePath.default('/var/lib/xen/save'),
    tags: z.array(z.string().min(1).max(64)).default([]),
    group: z.string().min(1).max(128).optional(),
    /** A pinned host key (ST-4): no first-contact prompt when it matches, refusal when not. */
    hostKeyFingerprint: fingerprint.optional(),
  })
  .strict();
export type HostProfile = z.infer<typeof HostProfile>;
export type HostProfileInput = z.input<typeof HostProfile>;

export const HostsFile = z.object({ version: z.literal(HOSTS_FILE_VERSION), hosts: z.array(HostProfile) }).strict();
export type HostsFile = z.infer<typeof HostsFile>;

/**
 * Version 1 (the first pre-release format): `host`/`username`, one `cfgDir`, an `authMethod`
 * string beside a `keyFile`, no ids. Kept so an early data directory still opens.
 */
export const HostsFileV1 = z.object({
  version: z.literal(1),
  hosts: z.array(
    z.object({
      name: z.string(),
      host: z.string(),
      port: z.number().int().optional(),
      username: z.string().optional(),
      authMethod: z.enum(['agent', 'key', 'password']).optional(),
      keyFile: z.string().optional(),
      cfgDir: z.string().optional(),
      tags: z.array(z.string()).optional(),
    }),
  ),
});

export function migrateV1(v1: z.infer<typeof HostsFileV1>, newId: () => string): HostsFile {
  return {
    version: HOSTS_FILE_VERSION,
    hosts: v1.hosts.map((h) => {
      const id = newId();
      const auth: HostAuth =
        h.authMethod === 'key' && h.keyFile ? { method: 'key', keyFile: h.keyFile }
        : h.authMethod === 'password' ? { method: 'password', secretId: passwordSecretId(id) }
        : { method: 'agent' };
      return HostProfile.parse({
        id,
        name: h.name,
        address: h.host,
        port: h.port ?? 22,
        user: h.username ?? 'root',
        auth,
        cfgDirs: [h.cfgDir ?? '/etc/xen'],
        tags: h.tags ?? [],
      });
    }),
  };
}

export function passwordSecretId(hostId: string): string {
  return `host:${hostId}:password`;
}

export function passphraseSecretId(hostId: string): string {
  return `host:${hostId}:passphrase`;
}
