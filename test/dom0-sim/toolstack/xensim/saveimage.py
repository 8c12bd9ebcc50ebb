"""Save and restore shared by xl and xm: the guest's memory is QEMU's migration stream.

Each tool writes its own header first (xl: `Xen saved domain, xl format` + config JSON; xm:
xend's `LinuxGuestRecord` + config SXP), then `checkpoint` appends the stream of the stopped
guest; `restore` starts a new QEMU with `-incoming` from the bytes after the header.

The saved record keeps the guest's *current* memory target and online vCPUs, not the cfg's:
libxl retrieves the live configuration before saving (libxl_retrieve_domain_configuration) and
xend's SXP carries `memory` as set by mem-set, so a restored guest has what it had.
"""
import sys
import time

from . import domains, knobs, qmp


def live_state(rec):
    """What a restore must give back beyond the cfg (see above)."""
    return {'name': rec['name'], 'target_memkb': rec['target_memkb'], 'max_memkb': rec['max_memkb'],
            'online_vcpus': rec.get('online_vcpus', rec['cfg']['vcpus'])}


def delay(host):
    """The saveDelaySeconds knob (knobs.py): a slow save, after the tool printed what it prints
    before the domain is written, so a test can cut the connection while the save runs."""
    seconds = knobs.knob(host.root, 'saveDelaySeconds', 0)
    if seconds:
        sys.stdout.flush()
        sys.stderr.flush()
        knobs.reached(host.root, 'saveDelaySeconds')
        time.sleep(float(seconds))


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def checkpoint(host, domid, path):
    """Stops the guest and appends its migration stream to PATH. False (guest resumed) on failure."""
    run = host.run_dir(domid)
    qmp.command(run, 'stop')
    qmp.command(run, 'migrate', uri='exec:cat >> %s' % shell_quote(path))
    status = None
    for _ in range(600):
        status = qmp.command(run, 'query-migrate').get('status')
        if status in ('completed', 'failed', 'cancelled'):
            break
        time.sleep(0.05)
    if status != 'completed':
        qmp.command(run, 'cont')
        return False
    return True


def restore(host, cfg, source, path, offset, paused=False, state=None):
    """A new domain from CFG whose QEMU reads the stream at byte OFFSET of PATH; resumed unless PAUSED.
    STATE (live_state of the saved guest) wins over the cfg's name, memory and vCPUs."""
    state = state or {}
    if state.get('name'):
        cfg = dict(cfg, name=state['name'])  # a guest renamed before its save comes back renamed
    keep = {k: v for k, v in state.items() if k in ('target_memkb', 'max_memkb', 'online_vcpus')}
    incoming = 'exec:tail -c +%d %s' % (offset + 1, shell_quote(path))
    rec = domains.create(host, cfg, source, paused=paused, incoming=incoming, keep_record=keep or None)
    run = host.run_dir(rec['domid'])
    for _ in range(600):
        if qmp.command(run, 'query-status')['status'] != 'inmigrate':
            break
        time.sleep(0.05)
    if not paused:
        # The image was taken from a stopped guest; resume it, as xl restore does.
        qmp.command(run, 'cont')
    return rec
