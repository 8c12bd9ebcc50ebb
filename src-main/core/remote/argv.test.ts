import { describe, expect, it } from 'vitest';
import { ApiError } from '@shared/api/errors';
import { SecretArg, operands, quoteArg, shellCommand } from './argv';

describe('argv quoting (IN-1)', () => {
  it('keeps plain words bare and wraps everything else in single quotes', () => {
    expect(shellCommand(['xl', 'create', '/etc/xen/web.cfg'])).toBe('xl create /etc/xen/web.cfg');
    expect(quoteArg('a;touch /tmp/pwned')).toBe("'a;touch /tmp/pwned'");
    expect(quoteArg('$(id)')).toBe("'$(id)'");
    expect(quoteArg('`id`')).toBe("'`id`'");
    expect(quoteArg('a b')).toBe("'a b'");
    expect(quoteArg('a\nb')).toBe("'a\nb'");
    expect(quoteArg('日本')).toBe("'日本'");
    expect(quoteArg('k=v')).toBe("'k=v'");
    expect(quoteArg(7)).toBe('7');
  });

  it("turns a single quote into '\\'' (never \\' inside quotes, athas PR #498)", () => {
    expect(quoteArg("it's")).toBe("'it'\\''s'");
    expect(quoteArg("'")).toBe("''\\'''");
  });

  it('quotes the empty string as two quotes so the argument is not lost', () => {
    expect(shellCommand(['printf', '%s', ''])).toBe("printf %s ''");
  });

  it('rejects NUL before anything is sent (IN-2)', () => {
    expect(() => shellCommand(['xl', 'destroy', 'a\0b'])).toThrowError(ApiError);
    try {
      quoteArg('a\0b');
    } catch (e) {
      expect((e as ApiError).code).toBe('INVALID_INPUT');
      expect((e as ApiError).message).toMatch(/NUL/);
    }
  });

  it('refuses secrets on a command line (IN-9)', () => {
    const secret = new SecretArg('hunter2');
    expect(() => shellCommand(['echo', secret as unknown as string])).toThrow(/process list/);
  });

  it('refuses an empty command and non-finite numbers', () => {
    expect(() => shellCommand([])).toThrow(ApiError);
    expect(() => quoteArg(Number.NaN)).toThrow(ApiError);
  });
});

describe('operands and option injection (IN-7)', () => {
  it('adds -- only when an operand starts with a dash', () => {
    expect(operands(['web'])).toEqual(['web']);
    expect(operands(['-F'])).toEqual(['--', '-F']);
    expect(shellCommand(['xl', 'destroy', ...operands(['-oProxyCommand=x'])])).toBe("xl destroy -- '-oProxyCommand=x'");
  });

  it('refuses a leading dash where the tool has no --', () => {
    expect(() => operands(['-x'], { dashDash: false })).toThrow(/starts with "-"/);
    expect(operands(['x'], { dashDash: false })).toEqual(['x']);
  });
});
