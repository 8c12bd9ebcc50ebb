"""The exec log: one JSON line per toolstack invocation, appended to $XENSIM_HOST_DIR/exec.log.

Tests and benchmarks read it (test/dom0-sim/exec-log.ts) to count what a client made the dom0 run:
RS-4 (a cut `xl create` is never replayed), RS-5 (two clicks on Start, one create), the dom0 cost
per minute. Called first thing by every tool in ../bin, so it imports only os and json, writes
one line with one O_APPEND write (concurrent tools never interleave a line), prints nothing and
never fails the tool: a log that cannot be written is skipped.
"""
import json
import os
import time


def record(tool, args):
    root = os.environ.get('XENSIM_HOST_DIR')
    if not root:
        return
    try:
        line = json.dumps({'t': round(time.time(), 3), 'tool': tool, 'argv': list(args), 'pid': os.getpid()})
        fd = os.open(os.path.join(root, 'exec.log'), os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            os.write(fd, (line + '\n').encode('utf-8', 'surrogateescape'))
        finally:
            os.close(fd)
    except (OSError, ValueError):
        pass
