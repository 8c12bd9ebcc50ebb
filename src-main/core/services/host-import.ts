// Hosts from a JSON array in the shape the simulator writes to hosts.json (issue 5 §10): name,
// address, port, user, identityFile, password, hostKeyFingerprint (pins the key), cfgDir.
import { z } from 'zod';
import { ApiError } from '@shared/api/errors';

export const ImportedHost = z.object({
  name: z.string().min(1),
  address: z.string().min(1),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().min(1).optional(),
  identityFile: z.string().min(1).optional(),
  password: z.string().optional(),
  hostKeyFingerprint: z.string().optional(),
  cfgDir: z.string().optional(),
  cfgDirs: z.array(z.string()).optional(),
  saveDir: z.string().optional(),
});
export type ImportedHost = z.infer<typeof ImportedHost>;

export function parseHostsJson(text: string, file: string): ImportedHost[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ApiError({ code: 'INVALID_INPUT', message: `${file} is not valid JSON: ${(e as Error).message}.`, hint: 'Give a JSON array of hosts as in the simulator’s hosts.json.' });
  }
  const r = z.array(ImportedHost).safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ApiError({
      code: 'INVALID_INPUT',
      message: `${file} is not a list of hosts: at ${issue?.path.join('.') || 'the top'}, ${issue?.message ?? 'malformed'}.`,
      hint: 'Each host needs at least "name" and "address".',
    });
  }
  return r.data;
}
