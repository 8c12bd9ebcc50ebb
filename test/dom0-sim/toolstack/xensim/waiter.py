"""The per-domain death waiter (xl forks one per domain: it is what implements on_poweroff,
on_reboot and on_crash; kill it and a reboot becomes a plain shutdown, as on real xl).

It holds the domain's event QMP socket and reacts to:
  SHUTDOWN guest-shutdown  -> the guest powered off (e.g. the test guest on the ACPI button)
  SHUTDOWN guest-reset     -> the guest rebooted (QEMU runs with -no-reboot)
  GUEST_PANICKED / guest-panic -> crash
  QEMU vanishing without `xl destroy` -> crash
and to requests xl leaves in run/dom-N/request:
  poweroff  (xl shutdown): ACPI power button, repeated each second; a guest without ACPI, or
            one that ignores the button for 5 s of running time, is shut down the way its PV
            drivers would do it (the simulated dom0 assumes PV drivers in every guest);
  reboot    (xl reboot): the guest's PV drivers reboot it.
"""
import os
import socket
import sys
import time

from . import domains, qmp
from .state import Host

ACTION_KEY = {'poweroff': 'on_poweroff', 'reboot': 'on_reboot', 'crash': 'on_crash'}


def log(msg):
    sys.stderr.write('%s %s\n' % (time.strftime('%H:%M:%S'), msg))
    sys.stderr.flush()


def read_request(run_dir):
    try:
        with open(os.path.join(run_dir, 'request')) as f:
            what = f.read().split()[0]
        os.unlink(os.path.join(run_dir, 'request'))
        return what
    except (OSError, IndexError):
        return None


def connect(run_dir):
    for _ in range(100):
        try:
            return qmp.Qmp(os.path.join(run_dir, 'qmp-events.sock'), timeout=5.0)
        except (OSError, EOFError, qmp.QmpError):
            time.sleep(0.05)
    return None


def watch(host, domid):
    """Follows one domain until it dies; returns the domid to follow next (restart) or None."""
    run_dir = host.run_dir(domid)
    q = connect(run_dir)
    if q is None:
        log('domain %d: no QMP event socket' % domid)
        return None
    q.sock.settimeout(0.25)
    pending = None  # (what, acpi_presses, running_seconds_waited)
    while True:
        try:
            msg = q.read_event()
        except socket.timeout:
            msg = None
        except (EOFError, OSError):
            q.close()
            rec = host.get(domid)
            if rec is None or rec['status'] in ('dying', 'shutdown'):
                return None
            log('domain %d: device model vanished' % domid)
            return outcome(host, domid, 'crash', None)
        if msg is None:
            what = read_request(run_dir)
            if what:
                pending = [what, 0, 0.0]
            if pending:
                done = serve_request(host, domid, q, pending)
                if done:
                    return outcome(host, domid, done, q)
            continue
        event = msg.get('event')
        data = msg.get('data') or {}
        if event == 'SHUTDOWN':
            reason = data.get('reason')
            if reason == 'guest-shutdown':
                return outcome(host, domid, 'poweroff', q)
            if reason in ('guest-reset', 'host-qmp-system-reset'):
                # QEMU runs with -no-reboot: a reset (by the guest, or `xl trigger reset`) is a reboot.
                return outcome(host, domid, 'reboot', q)
            if reason == 'guest-panic':
                return outcome(host, domid, 'crash', q)
        elif event == 'GUEST_PANICKED':
            return outcome(host, domid, 'crash', q)


def serve_request(host, domid, q, pending):
    rec = host.get(domid)
    if rec is None:
        return None
    what = pending[0]
    if what == 'reboot':
        return 'reboot'
    try:
        status = q.execute('query-status')['status']
    except (OSError, EOFError, qmp.QmpError):
        return None
    if status != 'running':
        return None  # a paused guest cannot react; the request waits for unpause
    if not rec['cfg'].get('acpi'):
        return 'poweroff'
    pending[2] += 0.25
    if pending[2] >= 5.0:
        return 'poweroff'
    if pending[1] == 0 or pending[2] >= pending[1]:
        q.execute('system_powerdown')
        pending[1] = int(pending[2]) + 1
    return None


def outcome(host, domid, reason, q):
    """Apply the cfg's action for REASON; returns the next domid to follow, if any."""
    rec = host.get(domid)
    if rec is None:
        return None
    if q is not None:
        try:
            q.execute('stop')
        except (OSError, EOFError, qmp.QmpError):
            pass
    host.update(domid, status='shutdown', shutdown_reason=reason)
    host.event('@releaseDomain', domid, 'shutdown:%s' % reason)
    action = rec['cfg'].get(ACTION_KEY[reason], 'destroy')
    log('domain %d: %s -> %s' % (domid, reason, action))
    if q is not None:
        q.close()
    if action == 'preserve':
        return None
    if action == 'rename-restart':
        host.update(domid, name='%s-%d' % (rec['name'], domid))
        new = domains.create(host, rec['cfg'], rec['source'], spawn_waiter=False)
        host.update(new['domid'], waiter_pid=os.getpid())
        return new['domid']
    domains.destroy(host, domid)
    if action in ('restart', 'coredump-restart', 'soft-reset'):
        new = domains.create(host, rec['cfg'], rec['source'], spawn_waiter=False,
                             keep_record={'affinity': rec.get('affinity', {})})
        host.update(new['domid'], waiter_pid=os.getpid())
        return new['domid']
    return None


def main(argv):
    host = Host(argv[1])
    domid = int(argv[2])
    while domid is not None:
        try:
            domid = watch(host, domid)
        except domains.XlFailure as e:
            log('restart failed: %s' % e)
            return 1
        except Exception as e:  # keep the domain's lifecycle alive through surprises; retry
            log('waiter error: %r' % (e,))
            time.sleep(0.5)
            if host.get(domid) is None:
                return 0
    return 0
