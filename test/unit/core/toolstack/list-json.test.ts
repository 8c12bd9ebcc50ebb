// No real `xl list -l` capture exists (REFERENCE §8.1); this sample follows §4.3 (yajl layout,
// defaults omitted since 4.5), and the disk JSON is the real libxl test expectation.
import { describe, expect, it } from 'vitest';
import { parseXlListLong } from '../../../../src-main/core/toolstack/list-json';
import { OutputFormatError } from '../../../../src-main/core/toolstack/types';
import { capture } from '../shared-samples';

const sample = JSON.stringify([
  { domid: 0, config: { c_info: { type: 'pv', name: 'Domain-0' }, b_info: { max_vcpus: 2, avail_vcpus: [0, 1], max_memkb: 4194304, target_memkb: 1048576 } } },
  {
    domid: 7,
    config: {
      c_info: { type: 'hvm', name: 'win 10 "prod"', uuid: '8a5f0d6e-2c2b-4a39-9a57-16d5f5e7a2b1', hap: 'True' },
      b_info: {
        max_vcpus: 4, avail_vcpus: [0, 1], max_memkb: 4194304, target_memkb: 2097152, device_model_version: 'qemu_xen',
        'type.hvm': {
          bios: 'seabios', boot: 'dc', serial: 'pty', usbdevice: 'tablet',
          vnc: { enable: 'True', listen: '127.0.0.1', findunused: 'True', passwd: 's3cret' },
        },
      },
      disks: [
        { pdev_path: '/dev/vg/win', vdev: 'hda', backend: 'phy', format: 'raw', readwrite: 1 },
        { pdev_path: '/iso/w10.iso', vdev: 'hdc', format: 'raw', removable: 1, is_cdrom: 1 },
      ],
      nics: [{ devid: 0, mac: '00:16:3e:11:22:33', bridge: 'xenbr0', model: 'e1000', nictype: 'vif_ioemu' }],
      on_poweroff: 'destroy', on_reboot: 'restart', on_crash: 'preserve',
    },
  },
], null, 4);

describe('xl list -l JSON (REFERENCE §4.3)', () => {
  it('extracts name, memory in MiB, vCPUs, VNC, disks and NICs of an HVM guest', () => {
    const [dom0, win] = parseXlListLong(sample);
    expect(dom0).toMatchObject({ name: 'Domain-0', domid: 0, memoryMiB: 1024, vcpus: 2, onlineVcpus: 2 });
    expect(win).toEqual({
      name: 'win 10 "prod"', domid: 7, uuid: '8a5f0d6e-2c2b-4a39-9a57-16d5f5e7a2b1', type: 'hvm',
      memoryMiB: 2048, maxMemoryMiB: 4096, vcpus: 4, onlineVcpus: 2, boot: 'dc', serial: 'pty',
      vnc: { enabled: true, listen: '127.0.0.1', display: 0, findUnused: true, hasPassword: true },
      disks: [
        { target: '/dev/vg/win', vdev: 'hda', backend: 'phy', format: 'raw', cdrom: false, readonly: false },
        { target: '/iso/w10.iso', vdev: 'hdc', format: 'raw', cdrom: true, readonly: true },
      ],
      nics: [{ mac: '00:16:3e:11:22:33', bridge: 'xenbr0', model: 'e1000', type: 'vif_ioemu' }],
      onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'preserve',
    });
  });

  it('never carries the VNC password (ST-7)', () => {
    expect(JSON.stringify(parseXlListLong(sample))).not.toContain('s3cret');
  });

  it('reads the real libxl disk JSON the same way (readwrite omitted = read-only)', () => {
    const text = capture('libxl_json_disk_xl-N-block-attach_expected.txt');
    const blocks = [...text.matchAll(/disk: (\{[\s\S]*?\n\})/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(3);
    const doms = blocks.map((b) => parseXlListLong(JSON.stringify([{ domid: 1, config: { c_info: { name: 'g' }, disks: [JSON.parse(b)] } }]))[0]);
    expect(doms[0].disks[0]).toEqual({ target: '/dev/vg/guest-volume', vdev: 'hda', format: 'raw', cdrom: false, readonly: false });
    expect(doms[1].disks[0]).toEqual({ target: '/root/image.iso', vdev: 'hdc', format: 'raw', cdrom: true, readonly: true });
  });

  it('accepts the json-c layout and the single object of xl create -n', () => {
    const one = '{"domid":3,"config":{"c_info":{"type":"hvm","name":"a\\/b"},"b_info":{"max_vcpus":1}}}';
    expect(parseXlListLong(one)).toEqual([{ name: 'a/b', domid: 3, type: 'hvm', vcpus: 1, disks: [], nics: [] }]);
  });

  it('fails cleanly on truncated or SXP output (IN-8)', () => {
    expect(() => parseXlListLong(sample.slice(0, 200))).toThrow(OutputFormatError);
    expect(() => parseXlListLong('(domain\n\t(domid 1)')).toThrow(/output_format="json"/);
    expect(() => parseXlListLong('[{"config":{}}]')).toThrow(/no config.c_info.name/);
    expect(() => parseXlListLong('x'.repeat(16 * 1024 * 1024 + 1))).toThrow(/larger than/);
  });
});
