"""From a domain config to a running QEMU, the way libxl builds qemu-xen's arguments
(libxl__build_device_model_args_new, see REFERENCE §6), adapted to plain TCG:

  -machine xenfv        -> -machine pc (no Xen); acpi=0 -> acpi=off
  tap NICs on a bridge  -> user-mode NICs with restrict=on (same model and MAC, no traffic out)
  localtime=1           -> -rtc base=localtime (libxl sets the hypervisor's RTC offset instead)
  vnc LISTEN:DISPLAY    -> the same, with ",to=99" always, so the hosts that share this
                           machine never collide; the real port is read back with query-vnc
                           and published in xenstore, exactly where libxl publishes it.

Launch hygiene (TEST-GROUND): -daemonize with a pidfile, stdout/stderr to a log file, no
inherited fds (close_fds), the serial pty gets a logfile because QEMU drops pty output
while no one holds the slave.
"""
import os
import subprocess
import time

from . import qmp
from .state import read_pidfile

QEMU = '/usr/bin/qemu-system-x86_64'

# Xen's device numbers for the emulated IDE slots (hda=768, hdb=832, hdc=5632, hdd=5696).
IDE_DEVNUM = {0: 3 << 8, 1: (3 << 8) | 64, 2: 22 << 8, 3: (22 << 8) | 64}


def ide_index(vdev):
    name = vdev.split(':')[0]
    for prefix in ('hd', 'sd', 'xvd'):
        if name.startswith(prefix) and len(name) == len(prefix) + 1:
            idx = ord(name[-1]) - ord('a')
            return idx if 0 <= idx < 4 else None
    return None


def q(value):
    """Escapes a value inside a QEMU option list (a comma is written as two)."""
    return str(value).replace(',', ',,')


def vnc_listen_address(cfg, host_address):
    listen = (cfg['vnc']['listen'] or '127.0.0.1').split(':')[0]
    if listen in ('127.0.0.1', 'localhost', ''):
        return '127.0.0.1'
    # 0.0.0.0 or the dom0's own address: the simulated dom0's "public" address.
    return host_address


def build_args(domid, cfg, run_dir, host_address, incoming=None, paused=False):
    a = [QEMU, '-accel', 'tcg', '-name', 'guest=%s' % q(cfg['name']), '-nodefaults', '-no-user-config',
         '-no-shutdown', '-no-reboot', '-action', 'panic=pause',
         '-chardev', 'socket,id=libxl-cmd,path=%s/qmp.sock,server=on,wait=off' % run_dir,
         '-mon', 'chardev=libxl-cmd,mode=control',
         '-chardev', 'socket,id=libxl-events,path=%s/qmp-events.sock,server=on,wait=off' % run_dir,
         '-mon', 'chardev=libxl-events,mode=control',
         '-machine', 'pc,acpi=%s' % ('on' if cfg['acpi'] else 'off'),
         '-m', str(max(cfg['maxmem'] - cfg['videoram'], 16)),
         '-display', 'none', '-parallel', 'none', '-device', 'pvpanic']
    if cfg['maxvcpus'] > 1:
        a += ['-smp', '%d,maxcpus=%d' % (cfg['vcpus'], cfg['maxvcpus'])]
    vnc = cfg['vnc']
    if vnc['enable']:
        spec = '%s:%d,to=99' % (vnc_listen_address(cfg, host_address), vnc['display'])
        if vnc['passwd']:
            spec += ',password=on'
        a += ['-vnc', spec]
        if cfg['keymap']:
            a += ['-k', q(cfg['keymap'])]
    if cfg['vga'] == 'std':
        a += ['-device', 'VGA,vgamem_mb=%d' % cfg['videoram']]
    elif cfg['vga'] == 'cirrus':
        a += ['-device', 'cirrus-vga,vgamem_mb=%d' % min(cfg['videoram'], 16)]
    elif cfg['vga'] == 'qxl':
        a += ['-device', 'VGA']  # no qxl in this QEMU build; a VGA keeps the screen
    for i, s in enumerate(cfg['serial']):
        if s == 'pty':
            a += ['-chardev', 'pty,id=serial%d,logfile=%s/serial%d.log' % (i, run_dir, i),
                  '-serial', 'chardev:serial%d' % i]
        elif s not in ('none', ''):
            a += ['-serial', 'null']
    if cfg['boot']:
        a += ['-boot', 'order=%s' % cfg['boot']]
    if cfg['usb'] or cfg['usbdevice']:
        a += ['-usb']
        for dev in cfg['usbdevice']:
            if dev in ('tablet', 'mouse', 'keyboard'):
                a += ['-device', 'usb-%s' % ('kbd' if dev == 'keyboard' else dev)]
    sound = {'sb16': ['sb16'], 'es1370': ['ES1370'], 'ac97': ['AC97'],
             'hda': ['intel-hda', 'hda-duplex']}.get(cfg['soundhw'] or '')
    if sound:
        a += ['-audiodev', 'none,id=snd0']
        for dev in sound:
            a += ['-device', dev + ('' if dev == 'intel-hda' else ',audiodev=snd0')]
    if cfg['localtime']:
        a += ['-rtc', 'base=localtime']
    for nic in cfg['nics']:
        n = nic['devid']
        model = {'ioemu': 'rtl8139'}.get(nic['model'], nic['model'])
        a += ['-netdev', 'user,id=net%d,restrict=on' % n,
              '-device', '%s,id=nic%d,netdev=net%d,mac=%s' % (model, n, n, nic['mac'])]
    if not cfg['nics']:
        a += ['-net', 'none']
    for disk in cfg['disks']:
        idx = ide_index(disk['vdev'])
        if idx is None:
            continue
        if disk['is_cdrom']:
            dev_id = 'ide-%d' % IDE_DEVNUM[idx]
            drive = 'if=none,readonly=on,id=%s' % dev_id
            if disk['pdev_path'] and disk['format'] != 'empty':
                drive += ',file=%s,format=%s' % (q(disk['pdev_path']), disk['format'])
            a += ['-drive', drive, '-device', 'ide-cd,id=%s,drive=%s,bus=ide.%d,unit=%d'
                  % (dev_id, dev_id, idx // 2, idx % 2)]
        elif disk['readwrite']:
            a += ['-drive', 'file=%s,if=ide,index=%d,media=disk,format=%s,cache=writeback'
                  % (q(disk['pdev_path']), idx, disk['format'])]
    if paused:
        a += ['-S']
    if incoming:
        a += ['-incoming', incoming]
    a += ['-daemonize', '-pidfile', os.path.join(run_dir, 'qemu.pid')]
    return a


def launch(domid, cfg, run_dir, host_address, incoming=None, paused=False):
    """Start QEMU daemonized; returns (pid, published xenstore facts) or raises RuntimeError."""
    args = build_args(domid, cfg, run_dir, host_address, incoming, paused)
    with open(os.path.join(run_dir, 'qemu-args'), 'w') as f:
        f.write('\n'.join(args) + '\n')
    log = open(os.path.join(run_dir, 'qemu.log'), 'ab')
    env = dict(os.environ, XEN_DOMAIN_ID=str(domid))
    proc = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log, close_fds=True,
                          env=env, start_new_session=True)
    log.close()
    pid = read_pidfile(os.path.join(run_dir, 'qemu.pid'))
    if proc.returncode != 0 or not pid:
        with open(os.path.join(run_dir, 'qemu.log'), errors='replace') as f:
            tail = f.read().strip().splitlines()[-3:]
        raise RuntimeError('device model failed to start: %s' % ' / '.join(tail))
    return pid, postconfig(run_dir, cfg)


def postconfig(run_dir, cfg):
    """What libxl does after the DM is up: set the VNC password, publish port and tty."""
    facts = {}
    cmds = [('query-vnc', {}), ('query-chardev', {})]
    if cfg['vnc']['enable'] and cfg['vnc']['passwd']:
        cmds.insert(0, ('change-vnc-password', {'password': cfg['vnc']['passwd']}))
    for attempt in range(50):
        try:
            results = qmp.commands(run_dir, cmds)
            break
        except (OSError, EOFError, qmp.QmpError):
            time.sleep(0.05)
    else:
        raise RuntimeError('device model QMP socket did not answer')
    vnc, chardevs = results[-2], results[-1]
    if vnc and vnc.get('enabled'):
        facts['vnc_port'] = int(vnc['service'])
        facts['vnc_listen'] = vnc['host']
    facts['ttys'] = {}
    for c in chardevs:
        if c['label'].startswith('serial') and c['filename'].startswith('pty:'):
            facts['ttys'][c['label'][6:]] = c['filename'][4:]
    return facts
