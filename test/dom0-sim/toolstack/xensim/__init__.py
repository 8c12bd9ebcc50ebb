"""The simulated Xen toolstack of XenDeck's test dom0 hosts.

Every command a dom0 answers (xl, xm, xentop, xenstore-read, xenstore-watch) is a small
Python 3 stdlib script in ../bin sharing this package. Python rather than Node because the
dom0 side runs once per remote command: `python3 -S` starts in ~60 ms, Node in ~190 ms.

The package doubles as documentation of what XenDeck expects from a dom0: output formats
byte for byte (formats.py), lifecycle semantics (domains.py, waiter.py), how a cfg becomes a
device model (devicemodel.py), and where the VNC port and serial tty are published
(xenstore.py).
"""
