import { describe, expect, it } from 'vitest';
import { shellCommand } from '../../../../src-main/core/remote/argv';
import { xlCommands, xmCommands } from '../../../../src-main/core/toolstack/commands';
import { checkNewDomainName } from '../../../../src-main/core/toolstack/names';

const sh = shellCommand;

describe('xl command builders (REFERENCE §4.5)', () => {
  it('builds every operation as a quoted argv', () => {
    const c = xlCommands;
    expect(sh(c.list())).toBe('xl list');
    expect(sh(c.listLong())).toBe('xl list -l');
    expect(sh(c.dryRunCreate('/etc/xen/web.cfg')!)).toBe('xl -N create /etc/xen/web.cfg');
    expect(sh(c.create('/etc/xen/my guest.cfg', { paused: true }))).toBe("xl create -p '/etc/xen/my guest.cfg'");
    expect(sh(c.shutdown(7, { wait: true, acpiFallback: true }))).toBe('xl shutdown -w -F 7');
    expect(sh(c.reboot('web'))).toBe('xl reboot web');
    expect(sh(c.destroy(7))).toBe('xl destroy 7');
    expect(sh(c.pause(7))).toBe('xl pause 7');
    expect(sh(c.unpause(7))).toBe('xl unpause 7');
    expect(sh(c.save(7, '/var/lib/xen/save/web', { keepRunning: true }))).toBe('xl save -c 7 /var/lib/xen/save/web');
    expect(sh(c.restore('/var/lib/xen/save/web', { paused: true }))).toBe('xl restore -p /var/lib/xen/save/web');
    expect(sh(c.cdInsert(7, 'hdc', '/iso/debian 12.iso')!)).toBe("xl cd-insert 7 hdc '/iso/debian 12.iso'");
    expect(sh(c.cdEject(7, 'hdc')!)).toBe('xl cd-eject 7 hdc');
    expect(sh(c.memSet(7, 2048))).toBe('xl mem-set 7 2048m');
    expect(sh(c.vcpuSet(7, 2))).toBe('xl vcpu-set 7 2');
    expect(sh(c.vcpuPin(7, 'all', '0-3,^2'))).toBe("xl vcpu-pin 7 all '0-3,^2'");
    expect(sh(c.rename(7, 'web-02'))).toBe('xl rename 7 web-02');
    expect(sh(c.console(7))).toBe('xl console -t serial 7');
    expect(sh(c.xenstoreRead('/local/domain/7/console/vnc-port'))).toBe('xenstore-read /local/domain/7/console/vnc-port');
    expect(sh(c.xentop())).toBe('xentop -b -i 2 -d 1');
    expect(sh(c.vcpuList())).toBe('xl vcpu-list');
    expect(sh(c.domid('web'))).toBe('xl domid web');
  });

  it('puts -- before an operand that starts with a dash (IN-7)', () => {
    expect(sh(xlCommands.destroy('-F'))).toBe('xl destroy -- -F');
    expect(sh(xlCommands.cdInsert('web', 'hdc', '-x.iso')!)).toBe('xl cd-insert -- web hdc -x.iso');
    expect(sh(xlCommands.shutdown('$(reboot)'))).toBe("xl shutdown '$(reboot)'");
  });

  it('refuses nonsense numbers before anything is sent', () => {
    expect(() => xlCommands.memSet(7, 0)).toThrow(/positive whole number/);
    expect(() => xlCommands.vcpuSet(7, 1.5)).toThrow(/positive whole number/);
  });
});

describe('xm command builders (REFERENCE §4.5, xm equivalents)', () => {
  it('uses the xm spellings and says what xm cannot do', () => {
    const c = xmCommands;
    expect(sh(c.listLong())).toBe('xm list --long');
    expect(c.dryRunCreate('/etc/xen/a.cfg')).toBeNull();
    expect(c.cdEject(1, 'hdc')).toBeNull();
    expect(sh(c.create('/etc/xen/a.cfg', { paused: true }))).toBe('xm create -p /etc/xen/a.cfg');
    expect(sh(c.shutdown(3, { wait: true, acpiFallback: true }))).toBe('xm shutdown -w 3');
    expect(sh(c.memSet(3, 512))).toBe('xm mem-set 3 512');
    expect(sh(c.cdInsert(3, 'hdc', '/iso/x.iso')!)).toBe('xm block-configure 3 file:/iso/x.iso hdc:cdrom r');
    expect(sh(c.console(3))).toBe('xm console 3');
    expect(() => c.create('-n')).toThrow(/option/);
  });

  it('refuses a name starting with "-" where xm has no getopt (a -- would count as an argument; IN-7)', () => {
    const c = xmCommands;
    for (const build of [() => c.pause('-web'), () => c.domid('-web'), () => c.memSet('-web', 256), () => c.rename('-web', 'web'), () => c.save('-web', '/var/lib/xen/save/-web')]) {
      expect(build).toThrow(/starts with "-"/);
    }
    // xl parses options with getopt, so the same name is passed after --
    expect(sh(xlCommands.pause('-web'))).toBe('xl pause -- -web');
  });
});

describe('new domain names (IN-3)', () => {
  it.each(['web-01', 'a', 'db.prod_2', 'x'.repeat(64)])('accepts %s', (n) => {
    expect(checkNewDomainName(n)).toBe(n);
  });
  it.each(['123', '-F', 'a;reboot', '../x', 'a b', 'Domain-0', 'x'.repeat(65), 'wеb', '', 'a/b', 'a\nb'])('refuses %j', (n) => {
    expect(() => checkNewDomainName(n)).toThrow(/can't be used/);
  });
  it('refuses a bad name in rename before building the command', () => {
    expect(() => xlCommands.rename(7, 'a;reboot')).toThrow(/can't be used/);
  });
});
