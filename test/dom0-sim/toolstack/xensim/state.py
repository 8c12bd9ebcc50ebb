"""Per-host state: one directory per simulated dom0, shared by every command run on it.

Layout of $XENSIM_HOST_DIR:
  host.json            static facts (name, toolstack "xl"|"xm", address, simulated memory)
  state/domains.json   {"next_domid": N, "domains": {"<domid>": record}} -- guarded by state/lock
  state/events.log     "@introduceDomain <domid>" / "@releaseDomain <domid>" lines (xenstore-watch)
  run/dom-<domid>/     qmp sockets, serial log, qemu pidfile and log, waiter request file
  etc/xen/             the host's cfg directory (ready guests)
  images/              per-guest disk images (IDE disks cannot be shared read-only)
"""
import fcntl
import json
import os
import time


class Host:
    def __init__(self, root=None):
        self.root = root or os.environ.get('XENSIM_HOST_DIR')
        if not self.root or not os.path.isdir(self.root):
            raise SystemExit('xensim: XENSIM_HOST_DIR is not set to a host state directory')
        with open(os.path.join(self.root, 'host.json')) as f:
            self.info = json.load(f)
        self.state_dir = os.path.join(self.root, 'state')
        self.domains_file = os.path.join(self.state_dir, 'domains.json')
        self.events_file = os.path.join(self.state_dir, 'events.log')
        self._lock_fd = None
        self._lock_depth = 0

    @property
    def toolstack(self):
        return self.info.get('toolstack', 'xl')

    def run_dir(self, domid):
        return os.path.join(self.root, 'run', 'dom-%d' % domid)

    # -- locking ------------------------------------------------------------------------
    def lock(self):
        """Re-entrant host-wide lock (flock) around read-modify-write of the state."""
        host = self

        class _Lock:
            def __enter__(self):
                if host._lock_depth == 0:
                    # O_CLOEXEC: a QEMU launched while we hold the lock must not inherit it.
                    host._lock_fd = os.open(os.path.join(host.state_dir, 'lock'),
                                            os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
                    fcntl.flock(host._lock_fd, fcntl.LOCK_EX)
                host._lock_depth += 1
                return host

            def __exit__(self, *exc):
                host._lock_depth -= 1
                if host._lock_depth == 0:
                    os.close(host._lock_fd)
                    host._lock_fd = None
                return False

        return _Lock()

    # -- domains ------------------------------------------------------------------------
    def load(self):
        try:
            with open(self.domains_file) as f:
                return json.load(f)
        except FileNotFoundError:
            return {'next_domid': 1, 'domains': {}}

    def save(self, data):
        tmp = self.domains_file + '.tmp-%d' % os.getpid()
        with open(tmp, 'w') as f:
            json.dump(data, f, indent=1, sort_keys=True)
        os.replace(tmp, self.domains_file)

    def domains(self):
        """Domain records sorted by domid (Domain-0 is synthesised by callers)."""
        data = self.load()
        return [data['domains'][k] for k in sorted(data['domains'], key=int)]

    def get(self, domid):
        return self.load()['domains'].get(str(domid))

    def update(self, domid, **fields):
        with self.lock():
            data = self.load()
            rec = data['domains'].get(str(domid))
            if rec is None:
                return None
            rec.update(fields)
            self.save(data)
            return rec

    def event(self, kind, domid, reason=None):
        """Append an event. @releaseDomain fires on shutdown as well as on destruction, as in
        xenstored; the 4th field says which ("shutdown:<reason>" or "destroyed")."""
        with open(self.events_file, 'a') as f:
            f.write('%s %d %.3f %s\n' % (kind, domid, time.time(), reason or '-'))


def pid_alive(pid):
    """True while PID runs. A zombie counts as gone: PID 1 here reaps orphans late."""
    if not pid:
        return False
    try:
        with open('/proc/%d/stat' % pid) as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rindex(')') + 2] != 'Z'


def proc_state(pid):
    """The kernel's one-letter state of PID (R, S, T, Z...) or None."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            stat = f.read()
    except OSError:
        return None
    return stat[stat.rindex(')') + 2]


def proc_cpu_seconds(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            fields = f.read().rsplit(')', 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf('SC_CLK_TCK')
    return (int(fields[11]) + int(fields[12])) / ticks


def read_pidfile(path):
    try:
        with open(path) as f:
            return int(f.read().strip() or 0)
    except (OSError, ValueError):
        return 0
