"""Output formats, byte for byte as the real tools print them (REFERENCE §4; the captures in
../shared/xen/output/ are the ground truth).
"""
import json
import os
import time

# -- xl list -----------------------------------------------------------------------------

XL_LIST_HEADER = 'Name                                        ID   Mem VCPUs\tState\tTime(s)'


def xl_list_row(name, domid, mem_mib, vcpus, state, cpu):
    return '%-40s %5d %5d %5d     %s  %8.1f' % (name, domid, mem_mib, vcpus, state, cpu)


# -- xm list (xen 3.0.3, as on CentOS 5) -------------------------------------------------

XM_LIST_HEADER = 'Name                                      ID Mem(MiB) VCPUs State   Time(s)'


def xm_list_row(name, domid, mem_mib, vcpus, state, cpu):
    return '%-40s %3d %8d %5d %5s %8.1f' % (name, domid, mem_mib, vcpus, state, cpu)


# -- JSON as libxl's yajl generator prints it (4-space indent, empty maps on 3 lines) ----

def yajl(value, indent=0):
    pad = '    ' * (indent + 1)
    end = '    ' * indent
    if isinstance(value, dict):
        if not value:
            return '{\n\n' + end + '}'
        items = ['%s%s: %s' % (pad, json.dumps(k), yajl(v, indent + 1)) for k, v in value.items()]
        return '{\n' + ',\n'.join(items) + '\n' + end + '}'
    if isinstance(value, list):
        if not value:
            return '[\n\n' + end + ']'
        return '[\n' + ',\n'.join(pad + yajl(v, indent + 1) for v in value) + '\n' + end + ']'
    return json.dumps(value)


def defbool(v):
    return 'True' if v else 'False'


ACTION_JSON = {'destroy': 'destroy', 'restart': 'restart', 'rename-restart': 'rename_restart',
               'preserve': 'preserve', 'coredump-destroy': 'coredump_destroy',
               'coredump-restart': 'coredump_restart', 'soft-reset': 'soft_reset'}


def parse_cpus(spec, nr_cpus):
    """xl's parse_cpurange subset: "0-3,5,^1", "all", "" -> sorted list of cpu numbers."""
    if spec is None or spec in ('', 'all'):
        return list(range(nr_cpus))
    include, exclude = set(), set()
    for part in spec.split(','):
        part = part.strip()
        target = include
        if part.startswith('^'):
            target, part = exclude, part[1:]
        if part == 'all':
            target.update(range(nr_cpus))
        elif '-' in part:
            a, b = part.split('-', 1)
            target.update(range(int(a), int(b) + 1))
        elif part:
            target.add(int(part))
    return sorted(include - exclude)


def domain_config_json(rec, nr_cpus):
    """libxl_domain_config as `xl list -l` prints it (defaults omitted, as since Xen 4.5)."""
    cfg = rec['cfg']
    vnc = {'enable': defbool(cfg['vnc']['enable'])}
    if cfg['vnc']['enable']:
        vnc['listen'] = cfg['vnc']['listen'] or '127.0.0.1'
        if cfg['vnc']['passwd']:
            vnc['passwd'] = cfg['vnc']['passwd']
        if cfg['vnc']['display']:
            vnc['display'] = cfg['vnc']['display']
        vnc['findunused'] = defbool(cfg['vnc']['findunused'])
    hvm = {'firmware': 'hvmloader' if False else None, 'bios': 'seabios', 'pae': defbool(cfg['pae']),
           'apic': defbool(cfg['apic']), 'acpi': defbool(cfg['acpi']),
           'nographic': defbool(cfg['nographic']), 'vga': {'kind': cfg['vga']}, 'vnc': vnc,
           'sdl': {'enable': defbool(cfg['sdl'])}, 'spice': {}}
    hvm = {k: v for k, v in hvm.items() if v is not None}
    if cfg['keymap']:
        hvm['keymap'] = cfg['keymap']
    if len(cfg['serial']) == 1:
        hvm['serial'] = cfg['serial'][0]
    elif cfg['serial']:
        hvm['serial_list'] = cfg['serial']
    hvm['boot'] = cfg['boot']
    hvm['usb'] = defbool(cfg['usb'])
    if len(cfg['usbdevice']) == 1:
        hvm['usbdevice'] = cfg['usbdevice'][0]
    elif cfg['usbdevice']:
        hvm['usbdevice_list'] = cfg['usbdevice']
    if cfg['soundhw']:
        hvm['soundhw'] = cfg['soundhw']
    hvm['xen_platform_pci'] = 'True'
    online = rec.get('online_vcpus', cfg['vcpus'])
    b_info = {'max_vcpus': cfg['maxvcpus'], 'avail_vcpus': list(range(online))}
    if cfg.get('cpus'):
        b_info['vcpu_hard_affinity'] = [parse_cpus(cfg['cpus'], nr_cpus) for _ in range(cfg['maxvcpus'])]
    b_info.update({'numa_placement': 'False' if cfg.get('cpus') else 'True',
                   'max_memkb': rec['max_memkb'], 'target_memkb': rec['target_memkb'],
                   'video_memkb': cfg['videoram'] * 1024,
                   'shadow_memkb': (cfg['shadow_memory'] or 2 * cfg['vcpus'] + cfg['maxmem'] // 128) * 1024})
    if cfg['localtime']:
        b_info['localtime'] = 'True'
    b_info.update({'device_model_version': 'qemu_xen', 'sched_params': {}, 'acpi': defbool(cfg['acpi']),
                   'apic': defbool(cfg['apic']), 'type.hvm': hvm, 'arch_arm': {}, 'arch_x86': {}})
    c_info = {'type': cfg['type'], 'hap': 'True', 'name': rec['name']}
    if rec['domid']:
        c_info['domid'] = rec['domid']
    c_info.update({'uuid': rec['uuid'], 'run_hotplug_scripts': 'True'})
    config = {'c_info': c_info, 'b_info': b_info}
    disks = []
    for d in cfg['disks']:
        j = {}
        if d['pdev_path']:
            j['pdev_path'] = d['pdev_path']
        j['vdev'] = d['vdev'].split(':')[0]
        j['backend'] = d['backend']
        j['format'] = d['format']
        if d['is_cdrom']:
            j['removable'] = 1
        if d['readwrite']:
            j['readwrite'] = 1
        if d['is_cdrom']:
            j['is_cdrom'] = 1
        disks.append(j)
    if disks:
        config['disks'] = disks
    nics = []
    for n in cfg['nics']:
        j = {'devid': n['devid'], 'mac': n['mac'], 'bridge': n.get('bridge', 'xenbr0'),
             'model': n.get('model', 'rtl8139'),
             'nictype': 'vif_ioemu' if n.get('type', 'ioemu') == 'ioemu' else 'vif',
             'script': n.get('script', '/etc/xen/scripts/vif-bridge')}
        nics.append(j)
    if nics:
        config['nics'] = nics
    for key in ('on_poweroff', 'on_reboot', 'on_crash'):
        config[key] = ACTION_JSON[cfg[key]]
    config['on_watchdog'] = 'destroy'
    config['on_soft_reset'] = 'soft_reset'
    return config


def dom0_config_json(host_info, nr_cpus):
    mem = host_info['dom0_mem'] * 1024
    return {'c_info': {'type': 'pv', 'name': 'Domain-0'},
            'b_info': {'max_vcpus': nr_cpus, 'avail_vcpus': list(range(nr_cpus)),
                       'max_memkb': mem, 'target_memkb': mem, 'sched_params': {},
                       'type.pv': {}, 'arch_arm': {}, 'arch_x86': {}},
            'on_reboot': 'restart', 'on_watchdog': 'destroy', 'on_crash': 'destroy',
            'on_soft_reset': 'soft_reset'}


def xl_list_long(entries):
    """entries: [(domid, config)] -> the JSON array `xl list -l` prints."""
    return yajl([{'domid': domid, 'config': config} for domid, config in entries])


# -- xl info -----------------------------------------------------------------------------

def info_lines(pairs):
    return ['%-23s: %s' % (k, v) for k, v in pairs]


def uname():
    u = os.uname()
    return u.release, u.version, u.machine


# -- xl vcpu-list --------------------------------------------------------------------------

VCPU_LIST_HEADER = '%-32s %5s %5s %5s %5s %9s %s' % ('Name', 'ID', 'VCPU', 'CPU', 'State', 'Time(s)',
                                                    'Affinity (Hard / Soft)')


def cpu_ranges(cpus, nr_cpus):
    if not cpus:
        return 'none'
    if list(cpus) == list(range(nr_cpus)):
        return 'all'
    out, start, prev = [], None, None
    for c in cpus:
        if start is None:
            start = prev = c
        elif c == prev + 1:
            prev = c
        else:
            out.append('%d' % start if start == prev else '%d-%d' % (start, prev))
            start = prev = c
    out.append('%d' % start if start == prev else '%d-%d' % (start, prev))
    return ','.join(out)


def vcpu_row(name, domid, vcpu, cpu, online, running, cpu_time, hard, soft):
    if online:
        mid = '%5u %3c%c- ' % (cpu, 'r' if running else '-', '-' if running else 'b')
    else:
        mid = '    -   --p '
    return '%-32s %5u %5u' % (name, domid, vcpu) + mid + '%9.1f  %s / %s' % (cpu_time, hard, soft)


# -- xm vcpu-list (REFERENCE 4.6: xend's main.py, 3.1 onwards as RHEL 5's 3.0.3 ships it) --------

XM_VCPU_LIST_HEADER = '%-32s %5s %5s %5s %5s %9s %s' % ('Name', 'ID', 'VCPU', 'CPU', 'State', 'Time(s)',
                                                       'CPU Affinity')


def xm_cpumap(ranges):
    """xend's format_cpumap from an xl-style range text: every pCPU -> `any cpu`, none -> `no cpus`."""
    return {'all': 'any cpu', 'none': 'no cpus'}.get(ranges, ranges)


def xm_vcpu_row(name, domid, vcpu, cpu, online, running, cpu_time, affinity):
    if online:
        c, s = str(cpu), ('r' if running else '-') + ('-' if running else 'b') + '-'
    else:
        c, s = '-', '--p'
    return '%-32s %5s %5d %5s %5s  %8.1f %s' % (name, domid, vcpu, c, s, cpu_time, xm_cpumap(affinity))


# -- xl uptime -----------------------------------------------------------------------------

def uptime_text(seconds):
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    hms = '%2d:%02d:%02d' % (h, m, s)
    if days == 0:
        return hms
    return '%d day%s, %s' % (days, '' if days == 1 else 's', hms)


# -- xentop -b -------------------------------------------------------------------------------

XENTOP_HEADER = ('      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS '
                 'NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID')


def xentop_row(name, state, cpu_sec, cpu_pct, mem_k, mem_pct, maxmem_k, maxmem_pct, vcpus, nets, vbds):
    maxmem = '%10s' % 'no limit' if maxmem_k is None else '%10d' % maxmem_k
    maxpct = '%9s' % 'n/a' if maxmem_pct is None else '%9.1f' % maxmem_pct
    return ('%10.10s %6s %10d %6.1f %10d %6.1f %s %s %5d %4d %8d %8d %4d %8d %8d %8d %10d %10d %4d'
            % (name, state, cpu_sec, cpu_pct, mem_k, mem_pct, maxmem, maxpct, vcpus, nets, 0, 0, vbds,
               0, 0, 0, 0, 0, 0))


# -- xm list --long (SXP) ------------------------------------------------------------------

def sxp(node, indent=0):
    """Pretty-print an S-expression the way xend's sxp.show did: 4-space nesting."""
    if not isinstance(node, list):
        return str(node)
    head = node[0]
    simple = all(not isinstance(x, list) for x in node[1:])
    if simple:
        return '(' + ' '.join(str(x) for x in node) + ')'
    pad = '    ' * (indent + 1)
    parts = ['(' + str(head)]
    for child in node[1:]:
        parts.append(pad + sxp(child, indent + 1))
    return '\n'.join(parts) + '\n' + '    ' * indent + ')'


def xm_long_sxp(rec, state, cpu_time):
    cfg = rec['cfg']
    hvm = ['hvm', ['kernel', '/usr/lib/xen/boot/hvmloader'], ['boot', cfg['boot']],
           ['device_model', cfg.get('device_model') or '/usr/lib64/xen/bin/qemu-dm'], ['keymap', cfg['keymap'] or 'en-us'],
           ['localtime', cfg['localtime']], ['pae', cfg['pae']], ['acpi', cfg['acpi']], ['apic', cfg['apic']],
           ['vnc', cfg['vnc']['enable']], ['vncunused', cfg['vnc']['findunused']]]
    if cfg['vga'] == 'std':
        hvm.append(['stdvga', 1])
    if cfg['serial']:
        hvm.append(['serial', cfg['serial'][0]])
    if cfg['usb']:
        hvm.append(['usb', 1])
    for dev in cfg['usbdevice']:
        hvm.append(['usbdevice', dev])
    if cfg['soundhw']:
        hvm.append(['soundhw', cfg['soundhw']])
    node = ['domain', ['domid', rec['domid']], ['on_crash', cfg['on_crash']], ['uuid', rec['uuid']],
            ['vcpus', cfg['vcpus']], ['name', rec['name']], ['on_poweroff', cfg['on_poweroff']],
            ['on_reboot', cfg['on_reboot']], ['maxmem', rec['max_memkb'] // 1024],
            ['memory', rec['target_memkb'] // 1024], ['shadow_memory', cfg['shadow_memory'] or 8],
            ['start_time', '%.2f' % rec['created']], ['cpu_time', '%.9f' % cpu_time],
            ['online_vcpus', rec.get('online_vcpus', cfg['vcpus'])], ['image', hvm],
            ['status', 2], ['state', state]]
    for n in cfg['nics']:
        node.append(['device', ['vif', ['bridge', n.get('bridge', 'xenbr0')], ['mac', n['mac']],
                                ['type', n.get('type', 'ioemu')], ['model', n.get('model', 'rtl8139')]]])
    for d in cfg['disks']:
        mode = 'w' if d['readwrite'] else 'r'
        dev = d['vdev'] + (':cdrom' if d['is_cdrom'] else ':disk')
        uname_ = ('file:' + d['pdev_path']) if d['pdev_path'] else ''
        node.append(['device', ['vbd', ['uname', uname_], ['mode', mode], ['dev', dev], ['backend', 0]]])
    if cfg['vnc']['enable'] and rec.get('vnc_port'):
        node.append(['device', ['vfb', ['vncunused', cfg['vnc']['findunused']], ['type', 'vnc'],
                                ['location', '%s:%d' % (rec.get('vnc_listen') or '127.0.0.1', rec['vnc_port'])]]])
    node.append(['device', ['console', ['protocol', 'vt100'], ['location', 3]]])
    return sxp(node)


def now():
    return time.time()
