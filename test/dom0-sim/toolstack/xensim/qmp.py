"""A minimal QMP client: how the simulator (like libxl) controls each guest's QEMU.

Each QEMU has two QMP sockets, as libxl gives qemu-xen two monitors: `qmp.sock` for
commands from xl invocations and `qmp-events.sock`, held for the domain's lifetime by its
death waiter. A QMP unix socket serves one client at a time, so commands are serialised by
an flock on the domain's run directory.
"""
import fcntl
import json
import os
import socket


class QmpError(Exception):
    pass


class Qmp:
    def __init__(self, path, timeout=5.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buf = b''
        self.events = []
        greeting = self._read()
        if 'QMP' not in greeting:
            raise QmpError('unexpected QMP greeting')
        self.execute('qmp_capabilities')

    def _read(self):
        while b'\n' not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError('QMP connection closed')
            self.buf += chunk
        line, self.buf = self.buf.split(b'\n', 1)
        return json.loads(line)

    def read_event(self):
        if self.events:
            return self.events.pop(0)
        msg = self._read()
        return msg

    def execute(self, command, **arguments):
        msg = {'execute': command}
        if arguments:
            msg['arguments'] = arguments
        self.sock.sendall(json.dumps(msg).encode() + b'\n')
        while True:
            reply = self._read()
            if 'event' in reply:
                self.events.append(reply)
                continue
            if 'error' in reply:
                raise QmpError(reply['error'].get('desc', 'QMP error'))
            return reply.get('return')

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def command(run_dir, cmd, timeout=5.0, **arguments):
    """One command over the command socket, serialised against other xl invocations."""
    lock_fd = os.open(os.path.join(run_dir, 'qmp.lock'), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX)
        q = Qmp(os.path.join(run_dir, 'qmp.sock'), timeout)
        try:
            return q.execute(cmd, **arguments)
        finally:
            q.close()
    finally:
        os.close(lock_fd)


def commands(run_dir, cmds, timeout=5.0):
    """Several commands on one connection: [(name, {args}), ...] -> [results]."""
    lock_fd = os.open(os.path.join(run_dir, 'qmp.lock'), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX)
        q = Qmp(os.path.join(run_dir, 'qmp.sock'), timeout)
        try:
            return [q.execute(name, **args) for name, args in cmds]
        finally:
            q.close()
    finally:
        os.close(lock_fd)
