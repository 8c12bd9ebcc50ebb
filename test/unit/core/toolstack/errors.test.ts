import { describe, expect, it } from 'vitest';
import { ApiError } from '@shared/api/errors';
import { escapeControl, toolstackError } from '../../../../src-main/core/toolstack/errors';

const fail = (stderr: string, code: number | null = 1, stdout = '') => ({ stderr, stdout, code });

describe('xl/xm errors → typed errors (REFERENCE §1.7, §4.1)', () => {
  it('maps an unknown name and an unknown id to DOMAIN_NOT_FOUND naming the host', () => {
    const e = toolstackError('dom0-a', ['xl', 'shutdown', 'web'], fail('web is an invalid domain identifier (rc=-6)\n'));
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('DOMAIN_NOT_FOUND');
    expect(e.message).toBe('There is no guest "web" running on dom0-a.');
    expect(toolstackError('h', ['xl', 'list', '9'], fail("Error: Domain '9' does not exist.\n")).code).toBe('DOMAIN_NOT_FOUND');
    expect(toolstackError('h', ['xm', 'pause', 'x'], fail("Error: Domain 'x' does not exist.\n")).code).toBe('DOMAIN_NOT_FOUND');
    const d = toolstackError('h', ['xl', 'destroy', '99'], fail('libxl: error: libxl_domain.c:1234:libxl__destroy_domid: Domain 99:Non-existant domain\ndestroy failed (rc=-21)\n'), '99');
    expect(d.code).toBe('DOMAIN_NOT_FOUND');
    expect(d.details).toMatchObject({ domain: '99' });
  });

  it('maps a config parse error to CFG_INVALID with file and line', () => {
    const stderr = 'Parsing config from /etc/xen/web.cfg\n/etc/xen/web.cfg:7: config parsing error near `]\': syntax error, unexpected \']\', expecting STRING or NUMBER or \'[\'\nFailed to parse config: Invalid argument\n';
    const e = toolstackError('dom0-a', ['xl', '-N', 'create', '/etc/xen/web.cfg'], fail(stderr));
    expect(e.code).toBe('CFG_INVALID');
    expect(e.details).toMatchObject({ host: 'dom0-a', file: '/etc/xen/web.cfg', line: 7 });
    expect(e.message).toMatch(/^\/etc\/xen\/web\.cfg on dom0-a, line 7: syntax error/);
  });

  it('reports line 0 (error seen on the first NEWLINE) as line 1', () => {
    const e = toolstackError('h', ['xl', 'create', '/c.cfg'], fail('/c.cfg:0: config parsing error near <newline>: syntax error, unexpected NEWLINE, expecting STRING or NUMBER or \'[\'\n'));
    expect(e.details?.line).toBe(1);
  });

  it('maps a missing cfg file to FILE_NOT_FOUND (xl and xm wording)', () => {
    const xl = toolstackError('h', ['xl', 'create', '/etc/xen/x.cfg'], fail('Parsing config from /etc/xen/x.cfg\nFailed to read config file: /etc/xen/x.cfg: No such file or directory\n'));
    expect(xl).toMatchObject({ code: 'FILE_NOT_FOUND', message: 'The config file /etc/xen/x.cfg was not found on h.' });
    expect(toolstackError('h', ['xm', 'create', '/etc/xen/x'], fail('Error: Unable to open config file: /etc/xen/x\n')).code).toBe('FILE_NOT_FOUND');
  });

  it('explains sudo asking for a password and a missing root login (NEEDS_ROOT)', () => {
    const s = toolstackError('h', ['sudo', '-n', 'xl', 'list'], fail('sudo: a password is required\n'));
    expect(s.code).toBe('NEEDS_ROOT');
    expect(s.message).toBe('sudo on h asked for a password, so xl list could not run.');
    expect(s.hint).toMatch(/NOPASSWD/);
    expect(toolstackError('h', ['xm', 'list'], fail('Error: Most commands need root access.  Please try again as root.\n')).code).toBe('NEEDS_ROOT');
  });

  it('maps a missing tool and a stopped xend to TOOLSTACK_MISSING', () => {
    expect(toolstackError('h', ['xl', 'info'], fail('bash: line 1: xl: command not found\n', 127)).code).toBe('TOOLSTACK_MISSING');
    expect(toolstackError('h', ['xl', 'info'], fail('sh: 1: xl: not found\n', 127)).message).toBe('xl was not found on h.');
    expect(toolstackError('h', ['xm', 'list'], fail('Error: Unable to connect to xend: No such file or directory. Is xend running?\n')).code).toBe('TOOLSTACK_MISSING');
  });

  it('otherwise says COMMAND_FAILED with the telling line, control characters escaped (IN-10)', () => {
    const e = toolstackError('h', ['xl', 'shutdown', '3'], fail('Shutting down domain 3\nPV control interface not available: external graceful shutdown not possible.\nUse "-F" to fallback to ACPI power event.\nshutdown failed (rc=-10)\n'));
    expect(e.code).toBe('COMMAND_FAILED');
    expect(e.message).toBe('xl shutdown failed on h (exit status 1): shutdown failed (rc=-10)');
    const esc = toolstackError('h', ['xl', 'pause', '3'], fail('Error: \u001b]0;pwned\u0007\n'));
    expect(esc.message.includes('\u001b')).toBe(false);
    expect(esc.message).toContain('\\x1b]0;pwned\\x07');
    expect(escapeControl('tab\tok\r\n')).toBe('tab\tok\\x0d\n');
  });
});
