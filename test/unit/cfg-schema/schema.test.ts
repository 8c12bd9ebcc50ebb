import { describe, expect, it } from 'vitest';
import {
  ALL_OPTIONS,
  closestOptionName,
  getOption,
  GROUP_ORDER,
  GROUPS,
  optionsByGroup,
  recommendShadowMemory,
} from '../../../src-main/shared/cfg/schema';

const CJK = /[\u4e00-\u9fff]/;

describe('option schema', () => {
  it('has one spec per key, each with a group, labels and help in both languages', () => {
    const keys = ALL_OPTIONS.map((o) => o.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const o of ALL_OPTIONS) {
      expect(GROUP_ORDER, o.key).toContain(o.group);
      expect(o.help.en.length, o.key).toBeGreaterThan(15);
      expect(CJK.test(o.help['zh-CN']), o.key).toBe(true);
      expect(CJK.test(o.label['zh-CN']) || /^[A-Za-z0-9 ()]+$/.test(o.label['zh-CN']), o.key).toBe(true);
      if (o.type === 'enum') expect(o.values?.length, o.key).toBeGreaterThan(0);
      if (o.xlName) expect(getOption(o.xlName), `${o.key} → ${o.xlName}`).toBeDefined();
      if (o.xmName) expect(getOption(o.xmName), `${o.key} → ${o.xmName}`).toBeDefined();
    }
  });

  it('covers the HVM options of xl.cfg from REFERENCE §3', () => {
    const hvm = [
      'name', 'uuid', 'type', 'builder', 'kernel', 'ramdisk', 'cmdline', 'root', 'extra', 'firmware', 'bios',
      'bios_path_override', 'firmware_override', 'memory', 'maxmem', 'shadow_memory', 'vcpus', 'maxvcpus', 'cpus',
      'cpus_soft', 'cpu_weight', 'cap', 'pool', 'vnuma', 'on_poweroff', 'on_reboot', 'on_crash', 'on_watchdog',
      'on_soft_reset', 'pae', 'acpi', 'acpi_s3', 'acpi_s4', 'apic', 'nx', 'hap', 'oos', 'hpet', 'viridian', 'nestedhvm',
      'tsc_mode', 'timer_mode', 'vpt_align', 'localtime', 'rtc_timeoffset', 'cpuid', 'xen_platform_pci',
      'acpi_laptop_slate', 'mmio_hole', 'ms_vm_genid', 'smbios_firmware', 'acpi_firmware', 'vendor_device', 'altp2m',
      'mca_caps', 'msr_relaxed', 'vnc', 'vnclisten', 'vncdisplay', 'vncunused', 'vncpasswd', 'vncconsole', 'vncviewer',
      'sdl', 'opengl', 'display', 'xauthority', 'nographic', 'vga', 'stdvga', 'videoram', 'keymap', 'serial', 'soundhw',
      'usb', 'usbdevice', 'usbversion', 'usbctrl', 'usbdev', 'spice', 'spicehost', 'spiceport', 'spicetls_port',
      'spicedisable_ticketing', 'spicepasswd', 'spiceagent_mouse', 'spicevdagent', 'spice_clipboard_sharing',
      'spiceusbredirection', 'spice_image_compression', 'spice_streaming_video', 'boot', 'hdtype', 'monitor', 'disk',
      'vif', 'pci', 'gfx_passthru', 'device_model', 'device_model_version', 'device_model_override',
    ];
    expect(hvm.filter((k) => !getOption(k))).toEqual([]);
  });

  it('records xl\u2019s implicit HVM defaults and where xm differs', () => {
    expect(getOption('boot')?.default).toMatchObject({ xl: 'cda', xm: 'c' });
    expect(getOption('vnc')?.default?.xl).toBe('1');
    expect(getOption('on_crash')?.default).toMatchObject({ xl: 'destroy', xm: 'restart' });
    expect(getOption('acpi')?.default).toMatchObject({ xl: '1', xm: '0' });
    expect(getOption('vnclisten')?.default?.xl).toBe('127.0.0.1');
  });

  it('records renames between xm and xl', () => {
    expect(getOption('builder')?.xlName).toBe('type');
    expect(getOption('cpu_cap')?.xlName).toBe('cap');
    expect(getOption('bootargs')?.xlName).toBe('bootloader_args');
    expect(getOption('type')?.xmName).toBe('builder');
    expect(getOption('vncconsole')?.toolstacks).toEqual(['xm']);
    expect(getOption('full-screen')?.toolstacks).toEqual([]);
  });

  it('lists groups in a stable order and every option under its group', () => {
    expect(GROUPS.map((g) => g.label.en)).toEqual([
      'General', 'CPU & Memory', 'Boot', 'Disks', 'Network', 'Display & Console', 'Devices', 'Lifecycle', 'Advanced',
    ]);
    const byGroup = optionsByGroup();
    expect([...byGroup.keys()]).toEqual([...GROUP_ORDER]);
    expect([...byGroup.values()].flat().length).toBe(ALL_OPTIONS.length);
    expect(byGroup.get('display')?.map((o) => o.key)).toContain('vnclisten');
  });

  it('finds the option a typo meant', () => {
    expect(closestOptionName('vncpasswrd')).toBe('vncpasswd');
    expect(closestOptionName('memroy')).toBe('memory');
    expect(closestOptionName('on-crash')).toBe('on_crash');
    expect(closestOptionName('VNC')).toBe('vnc');
    expect(closestOptionName('frobnicate_everything')).toBeNull();
  });
});

describe('recommendShadowMemory (libxl/xend rule: 1 MiB per vCPU + 8 KiB per MiB RAM)', () => {
  it.each([
    [128, 1, 2],
    [512, 1, 5],
    [1024, 2, 10],
    [4096, 4, 36],
    [0, 1, 1],
  ])('%i MiB with %i vCPU(s) needs %i MiB', (mem, cpus, mib) => {
    expect(recommendShadowMemory(mem, cpus)).toBe(mib);
  });

  it('treats fewer than one vCPU as one, like xl', () => {
    expect(recommendShadowMemory(1024, 0)).toBe(recommendShadowMemory(1024, 1));
  });
});

describe('help answers the seed author\u2019s questions', () => {
  const help = (k: string) => getOption(k)!.help;

  it('shadow_memory: what it is and how to size it', () => {
    expect(help('shadow_memory').en).toMatch(/page tables/);
    expect(help('shadow_memory').en).toMatch(/1 MiB per vCPU plus 8 KiB per MiB/);
    expect(help('shadow_memory')['zh-CN']).toMatch(/影子/);
    expect(help('shadow_memory')['zh-CN']).toMatch(/每个 vCPU 1 MiB/);
  });

  it('cpus: what ^ means, with the seed example resolved', () => {
    expect(help('cpus').en).toContain('"0-3,5,^1" means 0, 2, 3 and 5');
    expect(help('cpus').en).toContain('"^1" on its own selects nothing');
    expect(help('cpus')['zh-CN']).toContain('"0-3,5,^1" 表示 0、2、3、5');
  });

  it('acpi/apic: why they were turned off to install Windows 2003', () => {
    expect(help('acpi').en).toMatch(/Windows 2003/);
    expect(help('acpi').en).toMatch(/HAL/);
    expect(help('apic').en).toMatch(/only one CPU/);
    expect(help('acpi')['zh-CN']).toMatch(/Windows 2003/);
  });

  it('vnclisten/vncpasswd: why 0.0.0.0 with an empty password is dangerous', () => {
    expect(help('vnclisten').en).toMatch(/0\.0\.0\.0 and an empty vncpasswd, anyone/);
    expect(help('vnclisten')['zh-CN']).toMatch(/0\.0\.0\.0 且 vncpasswd 为空/);
    expect(help('vncpasswd').en).toMatch(/no password/);
  });

  it('boot: why to go back to the disk after installing', () => {
    expect(help('boot').en).toMatch(/put c first again/);
    expect(help('boot').en).toMatch(/starts the installer again/);
    expect(help('boot')['zh-CN']).toMatch(/安装程序/);
  });
});
