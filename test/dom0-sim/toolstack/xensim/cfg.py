"""Reading a guest cfg the way the host's toolstack does.

xl hosts: the file text plus the command line's key=value pairs (appended as extra lines,
as xl does) go through Xen's own parser, libxlutil, via the xlu-dump harness
(test/xlu-harness): the parse errors, line numbers and Python warning are Xen's own.
Disk specs go through libxlutil's xlu_disk_parse the same way.

xm hosts: the file is executed as Python, as xend's `xm create` did (execfile into a
namespace pre-seeded with sys/os), so the arch preamble and string concatenation of
real-world xm configs work; every str/int/float/list variable becomes a setting.

Both produce `values` in libxlutil's shape (strings and nested lists of strings), which
build_config() turns into the simulator's domain config.
"""
import json
import os
import re
import subprocess
import sys
import uuid as uuidlib


class CfgError(Exception):
    """Carries the exact stderr lines the real toolstack prints, and its exit status."""

    def __init__(self, lines, status=1):
        super().__init__('\n'.join(lines))
        self.lines = lines
        self.status = status


def xlu_binary():
    path = os.environ.get('XENSIM_XLU')
    if not path or not os.access(path, os.X_OK):
        raise CfgError(['xensim: XENSIM_XLU does not name the xlu-dump harness binary'], 1)
    return path


def parse_xl(source, text, extra):
    """libxlutil parse of TEXT (+ extra key=value lines), reported under SOURCE."""
    data = text
    if extra:
        data = text + '\n' + '\n'.join(extra) + '\n'
    run_tmp = os.environ.get('TMPDIR', '/tmp')
    tmp = os.path.join(run_tmp, 'xensim-cfg-%d' % os.getpid())
    with open(tmp, 'wb') as f:
        f.write(data.encode('utf-8', 'surrogateescape'))
    try:
        proc = subprocess.run([xlu_binary(), '--source', source, tmp],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, close_fds=True)
    finally:
        os.unlink(tmp)
    result = json.loads(proc.stdout.decode() or '{"ok":false}')
    if not result.get('ok'):
        # Split on LF only: libxlutil quotes the offending text raw (a CR of a CRLF file included).
        lines = proc.stderr.decode('utf-8', 'surrogateescape').rstrip('\n').split('\n')
        raise CfgError(lines + ['Failed to parse config: Invalid argument'], 1)
    return result['values']


def parse_disks(source, specs):
    """[spec] -> [disk dict] through xlu_disk_parse; errors as xl prints them."""
    if not specs:
        return []
    proc = subprocess.run([xlu_binary(), '--disk-batch'], input=''.join(s + '\n' for s in specs).encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, close_fds=True)
    disks = []
    for line in proc.stdout.decode('utf-8', 'surrogateescape').split('\n'):
        if not line:
            continue
        r = json.loads(line)
        if not r.get('ok'):
            report = r.get('report', '').replace('xlu-dump:', source + ':', 1).rstrip('\n')
            raise CfgError(report.split('\n'), 1)
        disks.append(r)
    return disks


def parse_xm(path, text, extra):
    """Execute an xm cfg as xend did; returns values in libxlutil's shape."""
    ns = {'sys': sys, 'os': os, 'xm_file': path, 'xm_help': 0}
    cmdline = {}
    for kv in extra:
        k, _, v = kv.partition('=')
        cmdline[k.strip()] = v.strip()
    ns.update(cmdline)
    try:
        code = compile(text, path, 'exec')
        exec(code, ns)  # noqa: S102 -- this *is* the xm evaluation model being simulated
    except SyntaxError as e:
        raise CfgError(['Error: Errors were found at line %d while processing %s:' % (e.lineno or 0, path),
                        '\t' + (e.text or '').rstrip('\n')], 1)
    except Exception as e:  # any runtime error in the cfg is reported the same way by xm
        raise CfgError(['Error: %s' % e], 1)
    ns.update(cmdline)  # variables given on the command line win over the file
    values = {}
    for k, v in ns.items():
        if k.startswith('_') or k in ('sys', 'os', 'xm_file', 'xm_help'):
            continue
        conv = _xm_value(v)
        if conv is not None:
            values[k] = conv
    return values


def _xm_value(v):
    if isinstance(v, bool):
        return '1' if v else '0'
    if isinstance(v, (int, float)):
        return str(int(v))
    if isinstance(v, str):
        return v
    if isinstance(v, (list, tuple)):
        out = [_xm_value(x) for x in v]
        return out if all(x is not None for x in out) else None
    return None


# -- values -> domain config ------------------------------------------------------------

ACTIONS = {'destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy',
           'coredump-restart', 'soft-reset'}


def _str(values, key, default=None):
    v = values.get(key)
    if isinstance(v, list):
        return default
    return v if v is not None else default


def _int(values, key, default):
    v = _str(values, key)
    if v is None or v == '':
        return default
    try:
        return int(v, 0)
    except ValueError:
        return default


def _list(values, key):
    v = values.get(key)
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def build_config(source, values, toolstack):
    """The parts of xl_parse.c's parse_config_data the simulator honours."""
    warnings = []
    name = _str(values, 'name')
    if not name:
        raise CfgError(['Domain name must be specified.'], 1)
    builder = _str(values, 'builder')
    typ = _str(values, 'type')
    if typ is None:
        typ = 'hvm' if builder is not None and 'hvm'.startswith(builder) else ('hvm' if toolstack == 'xm' else 'pv')
    if typ not in ('hvm', 'pv', 'pvh'):
        raise CfgError(['Invalid domain type %s.' % typ], 1)
    if typ != 'hvm':
        # The simulated hosts run HVM guests only (every guest is a QEMU process).
        raise CfgError(['xensim: only HVM guests can be simulated (set type="hvm")'], 1)
    kernel = _str(values, 'kernel')
    if kernel and os.path.basename(kernel) == 'hvmloader' and toolstack == 'xl':
        warnings.append('WARNING: you seem to be using "kernel" directive to override HVM guest firmware. '
                        'Ignore that. Use "firmware_override" instead if you really want a non-default firmware')
    if _str(values, 'device_model') is not None and toolstack == 'xl':
        warnings.append('WARNING: ignoring device_model directive.')
    uuid = _str(values, 'uuid') or str(uuidlib.uuid4())
    memory = _int(values, 'memory', 128)
    maxmem = max(_int(values, 'maxmem', memory), memory)
    vcpus = _int(values, 'vcpus', 1)
    maxvcpus = _int(values, 'maxvcpus', vcpus)
    if maxvcpus < vcpus:
        raise CfgError(['xl: maxvcpus < vcpus'], 1)
    cfg = {
        'name': name, 'uuid': uuid, 'type': typ,
        'memory': memory, 'maxmem': maxmem, 'vcpus': vcpus, 'maxvcpus': maxvcpus,
        'cpus': _str(values, 'cpus'),
        'device_model': _str(values, 'device_model'),
        'boot': _str(values, 'boot', 'c' if toolstack == 'xm' else 'cda'),
        'acpi': _int(values, 'acpi', 0 if toolstack == 'xm' else 1),
        'apic': _int(values, 'apic', 0 if toolstack == 'xm' else 1),
        'pae': _int(values, 'pae', 0 if toolstack == 'xm' else 1),
        'shadow_memory': _int(values, 'shadow_memory', 0),
        'localtime': _int(values, 'localtime', 0),
        'keymap': _str(values, 'keymap'),
        'usb': _int(values, 'usb', 0),
        'usbdevice': _list(values, 'usbdevice'),
        'soundhw': _str(values, 'soundhw'),
        'serial': _list(values, 'serial'),
        'sdl': _int(values, 'sdl', 0),
        'nographic': _int(values, 'nographic', 0),
        'vnc': {
            'enable': _int(values, 'vnc', 1),
            'listen': _str(values, 'vnclisten', '127.0.0.1'),
            'display': _int(values, 'vncdisplay', 0),
            'findunused': _int(values, 'vncunused', 1),
            'passwd': _str(values, 'vncpasswd', ''),
        },
        'vga': 'std' if _int(values, 'stdvga', 0) else _vga(_str(values, 'vga', 'cirrus')),
        'videoram': _int(values, 'videoram', 0),
        'on_poweroff': _str(values, 'on_poweroff', 'destroy'),
        'on_reboot': _str(values, 'on_reboot', 'restart'),
        'on_crash': _str(values, 'on_crash', 'restart' if toolstack == 'xm' else 'destroy'),
        'nics': [_nic(s, i, uuid) for i, s in enumerate(_list(values, 'vif'))],
        'disks': [],
    }
    for key in ('on_poweroff', 'on_reboot', 'on_crash'):
        if cfg[key] not in ACTIONS:
            raise CfgError(['Unknown %s action "%s" specified' % (key, cfg[key])], 1)
    if cfg['vga'] is None:
        raise CfgError(['Unknown vga "%s" specified' % _str(values, 'vga')], 1)
    if not cfg['videoram']:
        cfg['videoram'] = 16 if cfg['vga'] == 'std' else 8
    specs = []
    for d in _list(values, 'disk'):
        specs.append(d if isinstance(d, str) else ','.join(d))
    for spec, d in zip(specs, parse_disks(source, specs)):
        cfg['disks'].append({
            'spec': spec, 'pdev_path': d['target'] or '', 'vdev': d['vdev'],
            'format': d['format'], 'readwrite': d['readwrite'], 'is_cdrom': d['is_cdrom'],
            'backend': _backend(d),
        })
    return cfg, warnings


def _backend(disk):
    """libxl's choice: phy only for raw block devices, QEMU's qdisk for files and empty CDs."""
    import stat
    try:
        is_block = stat.S_ISBLK(os.stat(disk['target']).st_mode)
    except (OSError, TypeError):
        is_block = False
    return 'phy' if is_block and disk['format'] == 'raw' else 'qdisk'


def _vga(kind):
    return {'cirrus': 'cirrus', 'stdvga': 'std', 'std': 'std', 'none': 'none', 'qxl': 'qxl'}.get(kind)


def _nic(spec, index, uuid):
    nic = {'devid': index, 'type': 'ioemu', 'model': 'rtl8139', 'bridge': 'xenbr0'}
    for part in re.split(r'\s*,\s*', spec.strip()):
        k, sep, v = part.partition('=')
        if sep:
            nic[k.strip()] = v.strip()
    if 'mac' not in nic:
        h = uuidlib.uuid5(uuidlib.NAMESPACE_OID, '%s/%d' % (uuid, index)).bytes
        nic['mac'] = '00:16:3e:%02x:%02x:%02x' % (h[0] & 0x7f, h[1], h[2])
    return nic
