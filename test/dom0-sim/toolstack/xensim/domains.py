"""Domain lifecycle on a simulated dom0: create, destroy, state, lookup.

A domain is a record in state/domains.json plus one real QEMU process. Domain ids increase
per host from 1 (Domain-0 is 0 and is synthesised, not stored). Every state change that
xenstore watchers can see appends to state/events.log.
"""
import os
import shutil
import signal
import sys
import time

from . import qmp
from .state import pid_alive, proc_state, proc_cpu_seconds

HERE = os.path.dirname(os.path.abspath(__file__))
WAITER = os.path.join(os.path.dirname(HERE), 'bin', 'xensim-waiter')


class XlFailure(Exception):
    """stderr lines and exit status of a failed toolstack operation."""

    def __init__(self, lines, status=1):
        super().__init__('\n'.join(lines))
        self.lines = lines
        self.status = status


def lookup(host, arg):
    """xl's find_domain(): all digits -> that id (unchecked); otherwise an exact name."""
    if arg.isdigit():
        return int(arg)
    if arg == 'Domain-0':
        return 0
    for rec in host.domains():
        if rec['name'] == arg:
            return rec['domid']
    raise XlFailure(['%s is an invalid domain identifier (rc=-6)' % arg], 1)


def libxl_error(fn, line, domid, msg, source='libxl_domain.c'):
    return 'libxl: error: %s:%d:%s: Domain %d:%s' % (source, line, fn, domid, msg)


def require(host, domid, fn='libxl_domain_info', line=335):
    rec = host.get(domid)
    if rec is None:
        raise XlFailure([libxl_error(fn, line, domid, 'Non-existant domain')], 1)
    return rec


def create(host, cfg, source, paused=False, incoming=None, spawn_waiter=True, keep_record=None):
    """Build a domain from CFG; returns its record. Raises XlFailure with libxl's messages."""
    with host.lock():
        data = host.load()
        for rec in data['domains'].values():
            if rec['name'] == cfg['name']:
                domid = data['next_domid']
                raise XlFailure([
                    libxl_error('libxl__domain_rename', 590, domid,
                                'Domain with name "%s" already exists.' % cfg['name']),
                    libxl_error('initiate_domain_create', 1268, domid, 'cannot make domain: -6',
                                'libxl_create.c'),
                ], 3)
        domid = data['next_domid']
        data['next_domid'] = domid + 1
        rec = {
            'domid': domid, 'name': cfg['name'], 'uuid': cfg['uuid'], 'cfg': cfg, 'source': source,
            'created': time.time(), 'status': 'creating', 'shutdown_reason': None,
            'target_memkb': cfg['memory'] * 1024, 'max_memkb': cfg['maxmem'] * 1024,
            'online_vcpus': cfg['vcpus'], 'affinity': {}, 'qemu_pid': 0, 'waiter_pid': 0,
            'vnc_port': None, 'vnc_listen': None, 'ttys': {},
        }
        if keep_record:
            rec.update(keep_record)
        data['domains'][str(domid)] = rec
        host.save(data)
    run_dir = host.run_dir(domid)
    shutil.rmtree(run_dir, ignore_errors=True)
    os.makedirs(run_dir)
    for i, disk in enumerate(cfg['disks']):
        if disk['pdev_path'] and disk['format'] != 'empty' and not os.path.exists(disk['pdev_path']):
            _forget(host, domid)
            raise XlFailure([
                'libxl: error: libxl_device.c:397:libxl__device_disk_set_backend: Disk vdev=%s failed '
                'to stat: %s: No such file or directory' % (disk['vdev'], disk['pdev_path']),
                libxl_error('domcreate_launch_dm', 1776, domid, 'Unable to set disk defaults for disk %d' % i,
                            'libxl_create.c'),
            ], 3)
    from . import devicemodel  # imported here: only create pays for subprocess
    try:
        pid, facts = devicemodel.launch(domid, cfg, run_dir, host.info['address'], incoming, paused)
    except RuntimeError as e:
        _forget(host, domid)
        raise XlFailure([libxl_error('libxl__dm_check_start', 2868, domid,
                                     'device model did not start: %s' % e, 'libxl_dm.c')], 3)
    status = 'paused' if paused else 'running'
    rec = host.update(domid, qemu_pid=pid, status=status, vnc_port=facts.get('vnc_port'),
                      vnc_listen=facts.get('vnc_listen'), ttys=facts.get('ttys', {}))
    host.event('@introduceDomain', domid)
    if spawn_waiter:
        start_waiter(host, domid)
    return rec


def start_waiter(host, domid):
    """xl forks a per-domain "death waiter" that applies on_poweroff/on_reboot/on_crash."""
    import subprocess
    log = open(os.path.join(host.run_dir(domid), 'waiter.log'), 'ab')
    p = subprocess.Popen([sys.executable, '-S', WAITER, host.root, str(domid)], stdin=subprocess.DEVNULL,
                         stdout=log, stderr=log, close_fds=True, start_new_session=True)
    log.close()
    host.update(domid, waiter_pid=p.pid)


def _forget(host, domid):
    with host.lock():
        data = host.load()
        data['domains'].pop(str(domid), None)
        host.save(data)
    shutil.rmtree(host.run_dir(domid), ignore_errors=True)


def destroy(host, domid):
    """Kill the device model and forget the domain (xl destroy; on_* = destroy)."""
    rec = host.update(domid, status='dying')
    if rec is None:
        return False
    pid = rec.get('qemu_pid')
    if pid_alive(pid):
        try:
            qmp.command(host.run_dir(domid), 'quit', timeout=1.0)
        except (OSError, EOFError, qmp.QmpError):
            pass
        deadline = time.time() + 3
        while pid_alive(pid) and time.time() < deadline:
            time.sleep(0.02)
        if pid_alive(pid):
            os.kill(pid, signal.SIGKILL)
            while pid_alive(pid):
                time.sleep(0.02)
    _forget(host, domid)
    host.event('@releaseDomain', domid, 'destroyed')
    return True


UNREACHABLE = 'unreachable'


def qemu_status(host, rec):
    """QMP query-status of the domain's QEMU; None if the process is gone, UNREACHABLE if it
    lives but did not answer in time (a loaded machine must not make a guest look crashed)."""
    if not pid_alive(rec.get('qemu_pid')):
        return None
    try:
        return qmp.command(host.run_dir(rec['domid']), 'query-status', timeout=2.0)['status']
    except (OSError, EOFError, qmp.QmpError, KeyError, TypeError):
        return UNREACHABLE


REASON_LETTER = {None: '-', 'poweroff': '-', 'reboot': 'r', 'suspend': 's', 'crash': 'c',
                 'watchdog': 'w', 'soft_reset': 'S'}


def state_flags(host, rec):
    """(running, blocked, paused, shutdown, reason, dying) following the real process."""
    if rec['status'] == 'dying':
        return (False, False, False, False, '-', True)
    status = qemu_status(host, rec)
    if status == UNREACHABLE:
        status = {'running': 'running', 'paused': 'paused', 'shutdown': 'shutdown'}.get(rec['status'], 'paused')
    if status is None:
        if rec['status'] == 'creating':
            return (False, False, True, False, '-', False)
        # The device model is gone without a destroy: a crashed domain.
        return (False, False, False, True, 'c', False)
    if status == 'shutdown' or (rec['status'] == 'shutdown' and status != 'running'):
        return (False, False, False, True, REASON_LETTER.get(rec.get('shutdown_reason'), '-'), False)
    if status == 'guest-panicked':
        return (False, False, False, True, 'c', False)
    if status == 'running':
        running = proc_state(rec['qemu_pid']) == 'R'
        return (running, not running, False, False, '-', False)
    return (False, False, True, False, '-', False)


def state_string(flags, order='xl'):
    r, b, p, s, reason, d = flags
    if order == 'xl':
        return ''.join(['r' if r else '-', 'b' if b else '-', 'p' if p else '-', 's' if s else '-',
                        reason if s else '-', 'd' if d else '-'])
    if order == 'xm':  # r b p s c d: position 5 is "crashed"
        return ''.join(['r' if r else '-', 'b' if b else '-', 'p' if p else '-',
                        's' if s and reason != 'c' else '-', 'c' if s and reason == 'c' else '-',
                        'd' if d else '-'])
    # xentop: d s b c p r
    return ''.join(['d' if d else '-', 's' if s and reason != 'c' else '-', 'b' if b else '-',
                    'c' if s and reason == 'c' else '-', 'p' if p else '-', 'r' if r else '-'])


def cpu_seconds(rec):
    return proc_cpu_seconds(rec.get('qemu_pid') or 0)


def request(host, domid, what):
    """Hand a shutdown/reboot request to the domain's death waiter (see waiter.py)."""
    path = os.path.join(host.run_dir(domid), 'request')
    with open(path + '.tmp', 'w') as f:
        f.write('%s %.3f\n' % (what, time.time()))
    os.replace(path + '.tmp', path)


REASON_CODE = {'poweroff': 0, 'reboot': 1, 'suspend': 2, 'crash': 3, 'watchdog': 4, 'soft_reset': 5}


def events_offset(host):
    try:
        return os.path.getsize(host.events_file)
    except OSError:
        return 0


def wait_events(host, domids, offset, timeout=120):
    """Yields (kind, domid, reason) from events.log after OFFSET for DOMIDS (shutdown -w)."""
    deadline = time.time() + timeout
    buf = ''
    while time.time() < deadline:
        with open(host.events_file) as f:
            f.seek(offset)
            chunk = f.read()
        offset += len(chunk.encode())
        buf += chunk
        while '\n' in buf:
            line, buf = buf.split('\n', 1)
            parts = line.split()
            if len(parts) >= 2 and int(parts[1]) in domids:
                yield parts[0], int(parts[1]), parts[3] if len(parts) > 3 else None
        time.sleep(0.05)
