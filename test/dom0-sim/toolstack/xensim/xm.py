"""`xm` as xend 3.0.3 (CentOS/RHEL 5) prints it, for legacy hosts.

cfg files are executed as Python (cfg.parse_xm), found in . then /etc/xen (here the
host's etc/xen), and guests come up with xend 3.0.3's defaults (acpi/apic/pae 0,
on_crash restart, boot c). Errors are `Error: ...` on stderr with exit status 1.
"""
import json
import os
import struct
import sys
import time

from . import cfg as cfgmod
from . import commands, domains, formats, qmp, saveimage
from .commands import err, out
from .domains import XlFailure
from .state import Host

USAGE = {
    'create': ('<ConfigFile> [options] [vars]', 'Create a domain based on <ConfigFile>.'),
    'list': ('[options] [Domain, ...]', 'List information about all/some domains.'),
    'shutdown': ('<Domain> [-waRH]', 'Shutdown a domain.'),
    'reboot': ('<Domain> [-wa]', 'Reboot a domain.'),
    'destroy': ('<Domain>', 'Terminate a domain immediately.'),
    'pause': ('<Domain>', 'Pause execution of a domain.'),
    'unpause': ('<Domain>', 'Unpause a paused domain.'),
    'console': ('<Domain>', 'Attach to <Domain>\'s console.'),
    'domid': ('<DomainName>', 'Convert a domain name to domain id.'),
    'domname': ('<DomId>', 'Convert a domain id to domain name.'),
    'info': ('', 'Get information about Xen host.'),
    'mem-set': ('<Domain> <Mem>', 'Set the current memory usage for a domain.'),
    'uptime': ('[-s] <Domain>', 'Print uptime for a domain.'),
    'block-configure': ('<Domain> <BackDev> <FrontDev> <Mode> [BackDomain]',
                        'Change block device configuration'),
    'vcpu-list': ('[<Domain>]', 'List the VCPUs for a domain or all domains.'),
    'vcpu-pin': ('<Domain> <VCPU|all> <CPUs|all>', 'Set which CPUs a VCPU can use.'),
    'vcpu-set': ('<Domain> <vCPUs>', 'Set the number of active VCPUs for allowed for the domain.'),
    'rename': ('<Domain> <NewDomainName>', 'Rename a domain.'),
    'save': ('<Domain> <CheckpointFile>', 'Save a domain state to restore later.'),
    'restore': ('<CheckpointFile> [-p]', 'Restore a domain from a saved state.'),
}

# xend's save image (XendCheckpoint.py): this signature, the config's length as a big-endian int,
# the config (SXP), then the domain's memory.
SAVE_SIGNATURE = b'LinuxGuestRecord'


class XmError(Exception):
    pass


class XmFault(XmError):
    """An error xend itself raised: xm prints it followed by the command's usage."""


def usage_error(name, n):
    usage, desc = USAGE[name]
    err("Error: 'xm %s' requires %d argument%s.\n" % (name, n, '' if n == 1 else 's'),
        'Usage: xm %s %s\n' % (name, usage), desc)
    return 1


class Xm:
    def __init__(self, host):
        self.host = host

    def domid_of(self, arg):
        if arg.isdigit():
            domid = int(arg)
            if domid == 0 or self.host.get(domid):
                return domid
        else:
            if arg == 'Domain-0':
                return 0
            for rec in self.host.domains():
                if rec['name'] == arg:
                    return rec['domid']
        raise XmError("Domain '%s' does not exist." % arg)

    def find_cfg(self, name):
        for d in ('.', os.path.join(self.host.root, 'etc', 'xen')):
            path = os.path.join(d, name)
            if os.path.isfile(path):
                return path
        return None

    def cmd_create(self, args):
        rest = [a for a in args if not a.startswith('-')]
        flags = {a for a in args if a.startswith('-')}
        if not rest:
            return usage_error('create', 1)
        path = self.find_cfg(rest[0])
        if path is None:
            raise XmError('Unable to open config file: %s' % rest[0])
        out('Using config file "%s".' % path)
        with open(path) as f:
            text = f.read()
        try:
            values = cfgmod.parse_xm(path, text, rest[1:])
            cfg, _ = cfgmod.build_config(path, values, 'xm')
        except cfgmod.CfgError as e:
            err(*[line if line.startswith('Error') else line for line in e.lines])
            return 1
        try:
            rec = domains.create(self.host, cfg, os.path.abspath(path), paused='-p' in flags)
        except XlFailure:
            raise XmError('Domain \'%s\' already exists with ID \'%d\'' % (
                cfg['name'], self.domid_of(cfg['name'])))
        out('Started domain %s' % rec['name'])
        if '-c' in flags:
            return self.console(rec['domid'])
        return 0

    def cmd_list(self, args):
        long = any(a in ('-l', '--long') for a in args)
        names = [a for a in args if not a.startswith('-')]
        rows = commands.all_rows(self.host, 'xm')
        if names:
            wanted = [self.domid_of(n) for n in names]
            rows = [r for r in rows if r[0]['domid'] in wanted]
        if long:
            for rec, state, cpu in rows:
                if rec['domid'] == 0:
                    out('(domain\n    (domid 0)\n    (uuid %s)\n    (vcpus %d)\n    (name Domain-0)\n'
                        '    (maxmem %d)\n    (memory %d)\n    (cpu_time %.9f)\n    (online_vcpus %d)\n'
                        '    (state %s)\n)' % (rec['uuid'], rec['online_vcpus'], rec['max_memkb'] // 1024,
                                              rec['target_memkb'] // 1024, cpu, rec['online_vcpus'], state))
                else:
                    out(formats.xm_long_sxp(rec, state, cpu))
            return 0
        lines = [formats.XM_LIST_HEADER]
        for rec, state, cpu in rows:
            lines.append(formats.xm_list_row(rec['name'], rec['domid'], rec['target_memkb'] // 1024,
                                             rec['online_vcpus'], state, cpu))
        out(*lines)
        return 0

    def lifecycle(self, name, args, what):
        rest = [a for a in args if not a.startswith('-')]
        flags = ''.join(a[1:] for a in args if a.startswith('-'))
        if 'a' in flags:
            targets = [r['domid'] for r in self.host.domains() if r['status'] in ('running', 'paused')]
        elif not rest:
            return usage_error(name, 1)
        else:
            targets = [self.domid_of(rest[0])]
        names = {d: self.host.get(d)['name'] for d in targets if self.host.get(d)}
        offset = domains.events_offset(self.host)
        for d in targets:
            domains.request(self.host, d, what)
        if 'w' in flags and targets:
            left = set(targets)
            for kind, d, reason in domains.wait_events(self.host, set(targets), offset):
                if reason == 'destroyed' or (reason or '').startswith('shutdown'):
                    if d in left:
                        out('Domain %s terminated' % names.get(d, d))
                    left.discard(d)
                if not left:
                    break
            if 'a' in flags:
                out('All domains terminated')
        return 0

    def cmd_shutdown(self, args):
        return self.lifecycle('shutdown', args, 'reboot' if '-R' in args else 'poweroff')

    def cmd_reboot(self, args):
        return self.lifecycle('reboot', args, 'reboot')

    def cmd_destroy(self, args):
        if not args:
            return usage_error('destroy', 1)
        domid = self.domid_of(args[0])
        if domid == 0:
            raise XmError('Cannot destroy privileged domain 0')
        domains.destroy(self.host, domid)
        return 0

    def cmd_pause(self, args):
        if not args:
            return usage_error('pause', 1)
        domid = self.domid_of(args[0])
        if domid:
            qmp.command(self.host.run_dir(domid), 'stop')
            self.host.update(domid, status='paused')
        return 0

    def cmd_unpause(self, args):
        if not args:
            return usage_error('unpause', 1)
        domid = self.domid_of(args[0])
        if domid:
            qmp.command(self.host.run_dir(domid), 'cont')
            self.host.update(domid, status='running')
        return 0

    def cmd_console(self, args):
        if not args:
            return usage_error('console', 1)
        return self.console(self.domid_of(args[0]))

    def console(self, domid):
        rec = self.host.get(domid)
        tty = (rec.get('ttys') or {}).get('0') if rec else None
        if not tty:
            raise XmError('Domain %d has no console' % domid)
        local = '-,raw,echo=0,escape=0x1d' if os.isatty(0) else '-,escape=0x1d'
        sys.stdout.flush()
        os.execv('/usr/bin/socat', ['socat', local, 'FILE:%s,raw,echo=0' % tty])

    def cmd_domid(self, args):
        if not args:
            return usage_error('domid', 1)
        out(str(self.domid_of(args[0])))
        return 0

    def cmd_domname(self, args):
        if not args:
            return usage_error('domname', 1)
        domid = self.domid_of(args[0])
        out('Domain-0' if domid == 0 else self.host.get(domid)['name'])
        return 0

    def cmd_info(self, args):
        out(*formats.info_lines(commands.info_pairs(self.host, 'xm')))
        return 0

    def cmd_mem_set(self, args):
        if len(args) < 2:
            return usage_error('mem-set', 2)
        domid = self.domid_of(args[0])
        if domid:
            self.host.update(domid, target_memkb=int(args[1]) * 1024)
        return 0

    def cmd_block_configure(self, args):
        """How xend 3.x changed a CD: `xm block-configure DOM file:/x.iso hdc:cdrom r`; an empty
        back device (`phy:` or '') ejects."""
        if len(args) < 4:
            return usage_error('block-configure', 4)
        domid = self.domid_of(args[0])
        back, front = args[1], args[2]
        path = back.split(':', 1)[1] if ':' in back else back
        vdev = front.split(':')[0]
        rec = self.host.get(domid)
        disk = next((d for d in rec['cfg']['disks'] if d['vdev'].split(':')[0] == vdev), None) if rec else None
        if disk is None:
            raise XmError('Device %s not connected' % front)
        if path and not os.path.exists(path):
            raise XmError('Disk isn\'t accessible')
        from .xl import Xl
        return Xl(self.host).change_cd(domid, rec, vdev, path or None)

    def cmd_vcpu_list(self, args):
        rows = commands.all_rows(self.host, 'xm')
        names = [a for a in args if not a.startswith('-')]
        if names:
            wanted = [self.domid_of(n) for n in names]
            rows = [r for r in rows if r[0]['domid'] in wanted]
        lines = [formats.XM_VCPU_LIST_HEADER]
        for rec, v, pcpu, online, running, cpu_time, hard, _ in commands.vcpu_rows(rows):
            lines.append(formats.xm_vcpu_row(rec['name'], rec['domid'], v, pcpu, online, running, cpu_time, hard))
        out(*lines)
        return 0

    def cmd_vcpu_set(self, args):
        if len(args) < 2:
            return usage_error('vcpu-set', 2)
        domid = self.domid_of(args[0])
        try:
            n = int(args[1])
        except ValueError:
            raise XmError("invalid literal for int(): %s" % args[1])
        rec = self.host.get(domid) if domid else None
        if n <= 0:
            raise XmFault('Zero or less VCPUs is invalid')
        if rec is None:
            return 0
        if n > rec['cfg']['maxvcpus']:
            raise XmFault('Cannot set vcpus greater than max vcpus on running domain')
        self.host.update(domid, online_vcpus=n)
        return 0

    def cmd_vcpu_pin(self, args):
        if len(args) < 3:
            return usage_error('vcpu-pin', 3)
        domid = self.domid_of(args[0])
        rec = self.host.get(domid) if domid else None
        count = rec['cfg']['maxvcpus'] if rec else commands.NR_CPUS
        try:
            # xm's cpu_make_map: "all" is 0-63; ranges, single cpus and ^exclusions otherwise.
            cpus = formats.parse_cpus('0-63' if args[2] == 'all' else args[2], commands.NR_CPUS)
            vcpus = range(count) if args[1] == 'all' else [int(args[1])]
        except ValueError:
            raise XmFault("(22, 'Invalid argument')")
        if any(v < 0 or v >= count for v in vcpus):
            raise XmFault("(22, 'Invalid argument')")
        if rec is None:
            return 0
        hard = formats.cpu_ranges([c for c in cpus if c < commands.NR_CPUS], commands.NR_CPUS)
        affinity = dict(rec.get('affinity') or {})
        for v in vcpus:
            affinity[str(v)] = [hard, (affinity.get(str(v)) or ['all', 'all'])[1]]
        self.host.update(domid, affinity=affinity)
        return 0

    def cmd_rename(self, args):
        if len(args) < 2:
            return usage_error('rename', 2)
        domid = self.domid_of(args[0])
        new = args[1]
        # xend's check_name: letters, digits and _-.:/+ only, and not another domain's name.
        if not new or any(not (c.isascii() and c.isalnum()) and c not in '_-.:/+' for c in new):
            raise XmFault('invalid vm name')
        with self.host.lock():
            taken = next((r['domid'] for r in self.host.domains() if r['name'] == new), None)
            if new == 'Domain-0':
                taken = 0
            if taken is not None and taken != domid:
                raise XmFault("VM name '%s' already in use by domain %d" % (new, taken))
            if domid:
                self.host.update(domid, name=new)
        return 0

    def cmd_save(self, args):
        if len(args) < 2:
            return usage_error('save', 2)
        domid = self.domid_of(args[0])
        path = os.path.abspath(args[1])
        if not os.access(os.path.dirname(path), os.W_OK):
            raise XmError('xm save: Unable to create file %s' % path)
        rec = self.host.get(domid) if domid else None
        if rec is None:
            raise XmFault('Cannot save privileged domain %s' % args[0])
        # The SXP as `xm list --long` shows it; then, for the simulator's restore, the parsed cfg
        # and the live memory/vCPUs on one JSON line (xend rebuilt both from the SXP).
        state = domains.state_string(domains.state_flags(self.host, rec), 'xm')
        config = (formats.xm_long_sxp(rec, state, domains.cpu_seconds(rec)) + '\n' +
                  json.dumps({'xensim': rec['cfg'], 'state': saveimage.live_state(rec)})).encode()
        try:
            with open(path, 'wb') as f:
                f.write(SAVE_SIGNATURE + struct.pack('!i', len(config)) + config)
        except OSError as e:
            raise XmFault("can't write guest state file %s: %s" % (path, e.strerror))
        saveimage.delay(self.host)
        if not saveimage.checkpoint(self.host, domid, path):
            raise XmFault("can't write guest state file %s: %s" % (path, 'Input/output error'))
        domains.destroy(self.host, domid)
        return 0

    def cmd_restore(self, args):
        rest = [a for a in args if not a.startswith('-')]
        if not rest:
            return usage_error('restore', 1)
        path = os.path.abspath(rest[0])
        if not os.access(path, os.R_OK):
            raise XmError('xm restore: Unable to read file %s' % path)
        try:
            with open(path, 'rb') as f:
                if f.read(len(SAVE_SIGNATURE)) != SAVE_SIGNATURE:
                    raise ValueError('not a valid guest state file')
                (length,) = struct.unpack('!i', f.read(4))
                config = f.read(length).decode()
            extra = json.loads(config.rsplit('\n', 1)[1])
            cfg = extra['xensim']
            name = (extra.get('state') or {}).get('name') or cfg['name']
            if any(r['name'] == name for r in self.host.domains()):
                raise ValueError('VM name already in use')
            saveimage.restore(self.host, cfg, path, path, len(SAVE_SIGNATURE) + 4 + length,
                              paused='-p' in args, state=extra.get('state'))
        except (OSError, ValueError, KeyError, IndexError, struct.error, XlFailure):
            # xend logs the cause and tells xm only this.
            raise XmFault('Restore failed')
        return 0

    def cmd_uptime(self, args):
        rows = commands.all_rows(self.host, 'xm')
        names = [a for a in args if not a.startswith('-')]
        if names:
            wanted = [self.domid_of(n) for n in names]
            rows = [r for r in rows if r[0]['domid'] in wanted]
        lines = ['Name                              ID Uptime']
        now = time.time()
        for rec, _, _ in rows:
            lines.append('%-33s %2d %s' % (rec['name'], rec['domid'], formats.uptime_text(now - rec['created'])))
        out(*lines)
        return 0


def main(argv):
    try:
        host = Host()
    except SystemExit as e:
        err(str(e))
        return 1
    if len(argv) < 2 or argv[1] in ('help', '-h', '--help'):
        out('Usage: xm <subcommand> [args]', '', 'Control, list, and manipulate Xen guest instances.', '')
        for name, (usage, desc) in sorted(USAGE.items()):
            out(' %-22s %s' % (name, desc))
        return 0 if len(argv) >= 2 else 1
    name = argv[1]
    if name not in USAGE:
        err("Error: Subcommand %s not found!" % name)
        return 1
    try:
        return getattr(Xm(host), 'cmd_' + name.replace('-', '_'))(argv[2:]) or 0
    except XmFault as e:
        usage, desc = USAGE[name]
        err('Error: %s' % e, 'Usage: xm %s %s' % (name, usage), '', desc)
        return 1
    except XmError as e:
        err('Error: %s' % e)
        return 1
    except XlFailure as e:
        err('Error: %s' % e.lines[0])
        return 1
