"""The slice of xenstore a manager reads, derived from the host state (REFERENCE §5):

  /local/domain/<id>/name, /domid, /vm -> /vm/<uuid>
  /local/domain/<id>/console/vnc-port, console/vnc-listen (xl: written by libxl from
      QMP query-vnc; here the real port QEMU bound), console/vnc-pass when set
  /local/domain/<id>/serial/<n>/tty (xl) or console/tty (xm / qemu-dm 3.0.3)
  /vm/<uuid>/name, /vm/<uuid>/start_time
"""
import os
import sys
import time

from .state import Host


def store(host):
    s = {'/local/domain/0/name': 'Domain-0', '/local/domain/0/domid': '0'}
    for rec in host.domains():
        base = '/local/domain/%d' % rec['domid']
        s[base + '/name'] = rec['name']
        s[base + '/domid'] = str(rec['domid'])
        s[base + '/vm'] = '/vm/' + rec['uuid']
        s['/vm/%s/name' % rec['uuid']] = rec['name']
        s['/vm/%s/uuid' % rec['uuid']] = rec['uuid']
        s['/vm/%s/start_time' % rec['uuid']] = '%.2f' % rec['created']
        if rec.get('vnc_port'):
            s[base + '/console/vnc-port'] = str(rec['vnc_port'])
            s[base + '/console/vnc-listen'] = rec.get('vnc_listen') or '127.0.0.1'
            if rec['cfg']['vnc'].get('passwd') and host.toolstack == 'xl':
                s[base + '/console/vnc-pass'] = rec['cfg']['vnc']['passwd']
        for n, tty in sorted((rec.get('ttys') or {}).items()):
            if host.toolstack == 'xm':
                if n == '0':
                    s[base + '/console/tty'] = tty
            else:
                s[base + '/serial/%s/tty' % n] = tty
    return s


def read_main(argv):
    host = Host()
    args = [a for a in argv[1:] if not a.startswith('-')]
    if not args:
        sys.stderr.write('Usage: xenstore-read [-h] [-p] [-s] [-R] key [...]\n')
        return 2
    s = store(host)
    prefix = '-p' in argv[1:]
    for path in args:
        if path not in s:
            # A directory node exists but has an empty value.
            if any(k.startswith(path.rstrip('/') + '/') for k in s):
                sys.stdout.write(('%s: ' % path if prefix else '') + '\n')
                continue
            sys.stdout.flush()
            sys.stderr.write('xenstore-read: couldn\'t read path %s\n' % path)
            return 1
        sys.stdout.write(('%s: ' % path if prefix else '') + s[path] + '\n')
    return 0


def watch_main(argv):
    """xenstore-watch [-n NR] PATH: fires once when registered (as xenstored does), then per change."""
    host = Host()
    args = argv[1:]
    limit = None
    if len(args) >= 2 and args[0] == '-n':
        limit = int(args[1])
        args = args[2:]
    if len(args) != 1:
        sys.stderr.write('Usage: xenstore-watch [-h] [-n NR] watch-path\n')
        return 2
    path = args[0]
    fired = 0

    def fire(p):
        nonlocal fired
        sys.stdout.write(p + '\n')
        sys.stdout.flush()
        fired += 1
        return limit is not None and fired >= limit

    if fire(path):
        return 0
    try:
        offset = os.path.getsize(host.events_file)
    except OSError:
        offset = 0
    previous = store(host)
    try:
        while True:
            time.sleep(0.1)
            if path.startswith('@'):
                try:
                    with open(host.events_file) as f:
                        f.seek(offset)
                        chunk = f.read()
                except OSError:
                    chunk = ''
                offset += len(chunk.encode())
                for line in chunk.splitlines():
                    if line.split(' ', 1)[0] == path and fire(path):
                        return 0
            else:
                current = store(host)
                changed = sorted(k for k in set(current) | set(previous)
                                 if current.get(k) != previous.get(k)
                                 and (k == path or k.startswith(path.rstrip('/') + '/')))
                previous = current
                for k in changed:
                    if fire(k):
                        return 0
    except (KeyboardInterrupt, BrokenPipeError):
        return 0
