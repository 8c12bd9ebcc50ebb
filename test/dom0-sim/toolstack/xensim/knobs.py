"""Test knobs of a simulated host: $XENSIM_HOST_DIR/knobs.json, written by test/dom0-sim/faults.ts.

  {"createDelaySeconds": N}   `xl create` waits N seconds after parsing the cfg (and printing
                              "Parsing config from ..."), before it builds the domain: the window
                              in which a test cuts the connection (RS-4) or sends a second request
                              (RS-5). A real create also takes seconds. Each wait that begins is
                              logged as "createDelaySeconds <pid>" in knobs.log, so a test cuts
                              inside the window, not before xl has printed anything (an xl cut
                              before its first write dies of the broken pipe, as the real one would).
  {"saveDelaySeconds": N}     `xl save` / `xm save` wait N seconds after writing the image header (and
                              after xl printed "Saving to ..." and "xc: info: Saving domain ..."),
                              before the guest is stopped and its memory written: the window in
                              which a test cuts the connection while a save runs (RS-4). Logged as
                              "saveDelaySeconds <pid>" in knobs.log, like the create delay.

No file, no knob: a host behaves as always.
"""
import json
import os


def knob(host_root, name, default=None):
    try:
        with open(os.path.join(host_root, 'knobs.json')) as f:
            return json.load(f).get(name, default)
    except (OSError, ValueError):
        return default


def reached(host_root, name):
    """Logs that a knob's wait begins (see above)."""
    try:
        with open(os.path.join(host_root, 'knobs.log'), 'a') as f:
            f.write('%s %d\n' % (name, os.getpid()))
    except OSError:
        pass
