"""Test knobs of a simulated host: $XENSIM_HOST_DIR/knobs.json, written by test/dom0-sim/faults.ts.

  {"createDelaySeconds": N}   `xl create` waits N seconds after parsing the cfg, before it builds
                              the domain: the window in which a test cuts the connection (RS-4)
                              or sends a second request (RS-5). A real create also takes seconds.

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
