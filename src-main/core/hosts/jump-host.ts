// ProxyJump specs (`[user@]host[:port]`, `ssh://[user@]host[:port]`, hops separated by commas,
// IPv6 as `[addr]:port`) as stored in a profile's jumpHost. Connecting through them is
// HostConnection's `via`; which credentials a hop uses is the caller's business (a profile
// with the same name or address, else the agent).
import { ApiError } from '@shared/api/errors';

export interface JumpHop {
  user?: string;
  address: string;
  port: number;
}

const HOP = /^(?:ssh:\/\/)?(?:([^@\s/]+)@)?(\[[0-9A-Fa-f:.]+\]|[^:@\s/[\]]+)(?::(\d{1,5}))?$/;

export function parseJumpSpec(spec: string): JumpHop[] {
  if (spec.trim().toLowerCase() === 'none') return [];
  return spec.split(',').map((raw) => {
    const m = HOP.exec(raw.trim());
    const port = m?.[3] === undefined ? 22 : Number(m[3]);
    if (!m || port < 1 || port > 65535 || m[2].startsWith('-')) {
      throw new ApiError({
        code: 'INVALID_INPUT',
        message: `The jump host "${raw.trim().slice(0, 80)}" is not in the form [user@]host[:port].`,
        hint: 'Write it as in ssh -J, for example admin@bastion.example.org:2222.',
        details: { field: 'jumpHost' },
      });
    }
    const hop: JumpHop = { address: m[2].replace(/^\[(.*)\]$/, '$1'), port };
    if (m[1] !== undefined) hop.user = m[1];
    return hop;
  });
}
