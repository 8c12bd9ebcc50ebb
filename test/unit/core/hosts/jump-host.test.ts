import { describe, expect, it } from 'vitest';
import { parseJumpSpec } from '../../../../src-main/core/hosts/jump-host';

describe('ProxyJump specs', () => {
  it('reads user, host, port, chains, URIs and IPv6', () => {
    expect(parseJumpSpec('bastion')).toEqual([{ address: 'bastion', port: 22 }]);
    expect(parseJumpSpec('admin@bastion.example.org:2222')).toEqual([{ user: 'admin', address: 'bastion.example.org', port: 2222 }]);
    expect(parseJumpSpec('a@h1,ssh://b@h2:2200')).toEqual([
      { user: 'a', address: 'h1', port: 22 },
      { user: 'b', address: 'h2', port: 2200 },
    ]);
    expect(parseJumpSpec('root@[fd00::1]:22')).toEqual([{ user: 'root', address: 'fd00::1', port: 22 }]);
    expect(parseJumpSpec('none')).toEqual([]);
  });

  it('refuses what is not a host', () => {
    for (const bad of ['', 'a b', 'h:99999', 'h:', '-oProxyCommand=x', 'u@']) {
      expect(() => parseJumpSpec(bad)).toThrow(/not in the form/);
    }
  });
});
