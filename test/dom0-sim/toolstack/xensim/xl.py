"""`xl` as Xen 4.17 prints it: usage errors, messages and exit statuses included."""
import json
import os
import struct
import sys
import time

from . import commands, domains, formats, knobs, qmp, saveimage
from .commands import NR_CPUS, err, out
from .domains import XlFailure
from .state import Host

# name: (usage, description, modifies, can_dryrun, options text)
TABLE = {
    'create': ('<ConfigFile> [options] [vars]', 'Create a domain from config file <filename>', 1, 1,
               '-h                      Print this help.\n'
               '-p                      Leave the domain paused after it is created.\n'
               '-c                      Connect to the console after the domain is created.\n'
               '-f FILE, --defconfig=FILE\n'
               '                     Use the given configuration file.\n'
               '-q, --quiet             Quiet.\n'
               '-n, --dryrun            Dry run - prints the resulting configuration\n'
               '                         (deprecated in favour of global -N option).'),
    'list': ('[options] [Domain]', 'List information about all/some domains', 0, 0,
             '-l, --long              Output all VM details\n'
             '-v, --verbose           Prints out UUIDs and security context'),
    'destroy': ('[options] <Domain>', 'Terminate a domain immediately', 0, 0,
                '-f                      Permit destroying domain 0, which will only succeed\n'
                '                        when run from disaggregated toolstack domain with a\n'
                '                        hardware domain distinct from domain 0.'),
    'shutdown': ('[options] <-a|Domain>', 'Issue a shutdown signal to a domain', 0, 0,
                 '-a, --all               Shutdown all guest domains.\n'
                 '-h                      Print this help.\n'
                 '-F                      Fallback to ACPI power event for HVM guests with\n'
                 '                        no PV drivers.\n'
                 '-w, --wait              Wait for guest(s) to shutdown.\n'),
    'reboot': ('[options] <-a|Domain>', 'Issue a reboot signal to a domain', 0, 0,
               '-a, --all               Shutdown all guest domains.\n'
               '-h                      Print this help.\n'
               '-F                      Fallback to ACPI reset event for HVM guests with\n'
               '                        no PV drivers.\n'
               '-w, --wait              Wait for guest(s) to reboot.\n'),
    'pause': ('<Domain>', 'Pause execution of a domain', 0, 0, None),
    'unpause': ('<Domain>', 'Unpause a paused domain', 0, 0, None),
    'console': ('[options] <Domain>\n-t <type>       console type, pv , serial or vuart\n'
                '-n <number>     console number', "Attach to domain's console", 0, 0, None),
    'info': ('[-n|--numa]', 'Get information about Xen host', 0, 0, None),
    'cd-insert': ('<Domain> <VirtualDevice> <path>', "Insert a cdrom into a guest's cd drive", 1, 0, None),
    'cd-eject': ('<Domain> <VirtualDevice>', "Eject a cdrom from a guest's cd drive", 1, 0, None),
    'mem-set': ("<Domain> <MemMB['b'[bytes]|'k'[KB]|'g'[GB]|'m'[MB]]>",
                'Set the current memory usage for a domain', 0, 0, None),
    'mem-max': ("<Domain> <MemMB['b'[bytes]|'k'[KB]|'g'[GB]|'m'[MB]]>",
                'Set the maximum amount reservation for a domain', 0, 0, None),
    'vcpu-list': ('[Domain, ...]', 'List the VCPUs for all/some domains', 0, 0, None),
    'vcpu-pin': ('[-f|--force] <Domain> <VCPU|all> <Hard affinity|-|all> <Soft affinity|-|all>',
                 'Set which CPUs a VCPU can use', 1, 0, None),
    'vcpu-set': ('[option] <Domain> <vCPUs>', 'Set the number of active VCPUs allowed for the domain', 1, 0,
                 '-i, --ignore-host  Don\'t limit the vCPU based on the host CPU count'),
    'save': ('[options] <Domain> <CheckpointFile> [<ConfigFile>]', 'Save a domain state to restore later', 0, 0,
             '-h  Print this help.\n'
             '-c  Leave domain running after creating the snapshot.\n'
             '-p  Leave domain paused after creating the snapshot.\n'
             '-D  Store the domain id in the configration.'),
    'restore': ('[options] [<ConfigFile>] <CheckpointFile>', 'Restore a domain from a saved state', 0, 0,
                '-h                       Print this help.\n'
                '-p                       Do not unpause domain after restoring it.\n'
                '-e                       Do not wait in the background for the death of the domain.\n'
                '-d                       Enable debug messages.'),
    'uptime': ('[-s] [Domain]', 'Print uptime for all/some domains', 0, 0, None),
    'domid': ('<DomainName>', 'Convert a domain name to domain id', 0, 0, None),
    'domname': ('<DomainId>', 'Convert a domain id to domain name', 0, 0, None),
    'rename': ('<Domain> <NewDomainName>', 'Rename a domain', 1, 0, None),
    'top': ('', 'Monitor a host and the domains in real time', 0, 0, None),
    'trigger': ('<Domain> <nmi|reset|init|power|sleep|s3resume> [<VCPU>]',
                'Send a trigger to a domain', 0, 0, None),
}

SAVE_MAGIC = b'Xen saved domain, xl format\n \0 \r'


def help_text(name):
    usage, desc, modifies, dryrun, options = TABLE[name]
    text = 'Usage: xl [-v%s%s] %s %s\n\n%s.\n\n' % ('f' if modifies else '', 'N' if dryrun else '', name, usage, desc)
    if options:
        text += 'Options:\n\n%s\n' % options
    return text


class Usage(Exception):
    pass


def getopt(argv, short, long):
    """GNU getopt as xl uses it (options may follow arguments); no gettext import cost."""
    parsed, rest = [], []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == '--':
            rest += argv[i + 1:]
            break
        if a.startswith('--'):
            key, eq, val = a[2:].partition('=')
            match = [x for x in long if x.rstrip('=') == key]
            if not match:
                raise ValueError("unrecognized option '%s'" % a)
            if match[0].endswith('='):
                if not eq:
                    i += 1
                    if i >= len(argv):
                        raise ValueError("option '%s' requires an argument" % a)
                    val = argv[i]
                parsed.append(('--' + key, val))
            else:
                parsed.append(('--' + key, ''))
        elif a.startswith('-') and len(a) > 1:
            j = 1
            while j < len(a):
                ch = a[j]
                pos = short.find(ch)
                if pos < 0 or ch == ':':
                    raise ValueError("invalid option -- '%s'" % ch)
                if pos + 1 < len(short) and short[pos + 1] == ':':
                    val = a[j + 1:]
                    if not val:
                        i += 1
                        if i >= len(argv):
                            raise ValueError("option requires an argument -- '%s'" % ch)
                        val = argv[i]
                    parsed.append(('-' + ch, val))
                    break
                parsed.append(('-' + ch, ''))
                j += 1
        else:
            rest.append(a)
        i += 1
    return parsed, rest


def opts(name, argv, short, long=(), required=0):
    """xl's SWITCH_FOREACH_OPT: bad option or too few arguments -> help and exit 2."""
    try:
        parsed, rest = getopt(argv, 'h' + short, list(long) + ['help'])
    except ValueError as e:
        err('xl: %s' % e)
        sys.stdout.write(help_text(name))
        raise Usage()
    if any(o in ('-h', '--help') for o, _ in parsed):
        sys.stdout.write(help_text(name))
        raise SystemExit(0)
    if len(rest) < required:
        err("'xl %s' requires at least %d argument%s.\n" % (name, required, 's' if required > 1 else ''))
        sys.stdout.write(help_text(name))
        raise Usage()
    return parsed, rest


class Xl:
    def __init__(self, host, dryrun=False):
        self.host = host
        self.dryrun = dryrun

    # -- create -------------------------------------------------------------------------
    def cmd_create(self, argv):
        parsed, rest = opts('create', argv, 'Fnqf:pcdeVA', ['dryrun', 'quiet', 'defconfig='])
        flags = {o for o, _ in parsed}
        cfg_file = next((v for o, v in parsed if o in ('-f', '--defconfig')), None)
        if cfg_file is None:
            if not rest or '=' in rest[0]:
                err("'xl create' requires at least 1 argument.\n")
                sys.stdout.write(help_text('create'))
                raise Usage()
            cfg_file, rest = rest[0], rest[1:]
        from . import cfg as cfgmod  # only create needs the parser (and pays for subprocess)
        quiet = '-q' in flags or '--quiet' in flags
        dryrun = self.dryrun or '-n' in flags or '--dryrun' in flags
        try:
            with open(cfg_file, 'rb') as f:
                text = f.read().decode('utf-8', 'surrogateescape')
        except OSError as e:
            err('libxl: error: libxl_utils.c:450:libxl_read_file_contents: failed to open %s: %s'
                % (cfg_file, e.strerror),
                'Failed to read config file: %s: %s' % (cfg_file, e.strerror))
            return 3
        if not quiet:
            err('Parsing config from %s' % cfg_file)
        try:
            values = cfgmod.parse_xl(cfg_file, text, rest)
            cfg, warnings = cfgmod.build_config(cfg_file, values, 'xl')
        except cfgmod.CfgError as e:
            err(*e.lines)
            return e.status
        err(*warnings)
        if dryrun:
            rec = {'domid': 0, 'name': cfg['name'], 'uuid': cfg['uuid'], 'cfg': cfg,
                   'target_memkb': cfg['memory'] * 1024, 'max_memkb': cfg['maxmem'] * 1024}
            out(formats.yajl(formats.domain_config_json(rec, NR_CPUS)))
            return 0
        delay = knobs.knob(self.host.root, 'createDelaySeconds', 0)
        if delay:
            sys.stderr.flush()
            knobs.reached(self.host.root, 'createDelaySeconds')
            time.sleep(float(delay))  # a slow domain build, for tests that cut it (knobs.py)
        rec = domains.create(self.host, cfg, os.path.abspath(cfg_file), paused='-p' in flags)
        if '-c' in flags:
            return self.console(rec['domid'], 'serial', 0)
        return 0

    # -- list -----------------------------------------------------------------------------
    def cmd_list(self, argv):
        parsed, rest = opts('list', argv, 'lvZcn', ['long', 'verbose', 'context', 'cpupool', 'numa'])
        flags = {o for o, _ in parsed}
        rows = commands.all_rows(self.host)
        if rest:
            arg = rest[0]
            domid = domains.lookup(self.host, arg)
            rows = [r for r in rows if r[0]['domid'] == domid]
            if not rows:
                err("Error: Domain '%s' does not exist." % arg)
                return 1
        if '-l' in flags or '--long' in flags:
            entries = []
            for rec, _, _ in rows:
                if rec['domid'] == 0:
                    entries.append((0, formats.dom0_config_json(self.host.info, NR_CPUS)))
                else:
                    entries.append((rec['domid'], formats.domain_config_json(rec, NR_CPUS)))
            out(formats.xl_list_long(entries))
            return 0
        verbose = '-v' in flags or '--verbose' in flags
        header = formats.XL_LIST_HEADER
        if verbose:
            header += '   UUID                            Reason-Code\tSecurity Label'
        lines = [header]
        for rec, state, cpu in rows:
            line = formats.xl_list_row(rec['name'], rec['domid'], rec['target_memkb'] // 1024,
                                       rec['online_vcpus'], state, cpu)
            if verbose:
                reason = '       -'
                if state[3] == 's':
                    reason = '%8x' % domains.REASON_CODE.get(rec.get('shutdown_reason'), 0)
                line += ' %s %s %16s' % (rec['uuid'], reason, '-')
            lines.append(line)
        out(*lines)
        return 0

    def cmd_info(self, argv):
        parsed, rest = opts('info', argv, 'nx', ['numa'])
        lines = formats.info_lines(commands.info_pairs(self.host, 'xl'))
        if rest:
            lines = [line.split(': ', 1)[1] for line in lines if line.startswith(rest[0])]
        out(*lines)
        return 0

    # -- lifecycle ------------------------------------------------------------------------
    def guest(self, arg, fn='libxl_domain_info', line=335):
        domid = domains.lookup(self.host, arg)
        if domid == 0:
            return 0, None
        return domid, domains.require(self.host, domid, fn, line)

    def cmd_destroy(self, argv):
        parsed, rest = opts('destroy', argv, 'f', required=1)
        domid = domains.lookup(self.host, rest[0])
        if domid == 0 and not parsed:
            err('Not destroying domain 0; use -f to force.',
                'This can only be done when using a disaggregated hardware domain and toolstack.', '')
            return 1
        if not domains.destroy(self.host, domid):
            err(domains.libxl_error('libxl__destroy_domid', 1371, domid, 'Non-existant domain'),
                domains.libxl_error('domain_destroy_callback', 1301, domid, 'Unable to destroy guest'),
                domains.libxl_error('domain_destroy_cb', 1230, domid, 'Destruction of domain failed'),
                'destroy failed (rc=-21)')
            return 1
        return 0

    def shutdown_or_reboot(self, name, argv):
        parsed, rest = opts(name, argv, 'awF', ['all', 'wait'])
        flags = [o for o, _ in parsed]
        wait = sum(1 for o in flags if o in ('-w', '--wait'))
        if '-a' in flags or '--all' in flags:
            targets = [r['domid'] for r in self.host.domains() if r['status'] in ('running', 'paused')]
        else:
            if not rest:
                err("'xl %s' requires at least 1 argument.\n" % name)
                sys.stdout.write(help_text(name))
                raise Usage()
            targets = [domains.lookup(self.host, rest[0])]
        offset = domains.events_offset(self.host)
        verb = 'Rebooting' if name == 'reboot' else 'Shutting down'
        for domid in targets:
            err('%s domain %d' % (verb, domid))
            rec = self.host.get(domid)
            if rec is None or rec['status'] in ('shutdown', 'dying'):
                err(domains.libxl_error('libxl__domain_pvcontrol', 1563, domid,
                                        'Unable to write to xenstore: No such file or directory',
                                        'libxl_domain.c'),
                    '%s failed (rc=-3)' % name)
                return 1
            domains.request(self.host, domid, 'reboot' if name == 'reboot' else 'poweroff')
        if wait and targets:
            err('Waiting for %d domains' % len(targets))
            left = set(targets)
            for kind, domid, reason in domains.wait_events(self.host, set(targets), offset):
                if reason == 'destroyed':
                    err('Domain %d has been destroyed' % domid)
                    left.discard(domid)
                elif reason and reason.startswith('shutdown:'):
                    code = domains.REASON_CODE.get(reason.split(':', 1)[1], 0)
                    err('Domain %d has been shut down, reason code %d' % (domid, code))
                    if wait == 1:
                        left.discard(domid)
                    else:
                        err('Domain %d continue waiting for death' % domid)
                if not left:
                    break
        return 0

    def cmd_shutdown(self, argv):
        return self.shutdown_or_reboot('shutdown', argv)

    def cmd_reboot(self, argv):
        return self.shutdown_or_reboot('reboot', argv)

    def cmd_pause(self, argv):
        _, rest = opts('pause', argv, '', required=1)
        domid, rec = self.guest(rest[0], 'libxl_domain_pause', 653)
        if rec:
            qmp.command(self.host.run_dir(domid), 'stop')
            self.host.update(domid, status='paused')
        return 0

    def cmd_unpause(self, argv):
        _, rest = opts('unpause', argv, '', required=1)
        domid, rec = self.guest(rest[0], 'libxl_domain_unpause', 689)
        if rec and rec['status'] != 'shutdown':
            qmp.command(self.host.run_dir(domid), 'cont')
            self.host.update(domid, status='running')
        return 0

    # -- console --------------------------------------------------------------------------
    def cmd_console(self, argv):
        parsed, rest = opts('console', argv, 'n:t:e:', required=1)
        ctype, num = 'serial', 0
        for o, v in parsed:
            if o == '-t':
                if v not in ('pv', 'serial', 'vuart'):
                    err('console type supported are: pv, serial, vuart')
                    return 1
                ctype = v
            elif o == '-n':
                num = int(v)
        domid = domains.lookup(self.host, rest[0])
        return self.console(domid, ctype, num)

    def console(self, domid, ctype, num):
        rec = self.host.get(domid)
        tty = None
        if rec and ctype == 'serial':
            for _ in range(50):
                tty = (rec.get('ttys') or {}).get(str(num))
                if tty:
                    break
                time.sleep(0.1)
                rec = self.host.get(domid)
        if not tty:
            err(domains.libxl_error('libxl__console_tty_path', 114 if ctype == 'pv' else 131, domid,
                                    'unable to read console tty path `/local/domain/%d/%s\'' % (
                                        domid, 'console/tty' if ctype == 'pv' else 'serial/%d/tty' % num),
                                    'libxl_console.c'),
                'Unable to attach console')
            return 1
        # xenconsole: join our stdin/stdout to the guest's pty, raw, and leave on Ctrl-].
        local = '-,raw,echo=0,escape=0x1d' if os.isatty(0) else '-,escape=0x1d'
        sys.stdout.flush()
        os.execv('/usr/bin/socat', ['socat', local, 'FILE:%s,raw,echo=0' % tty])

    # -- cd-rom ---------------------------------------------------------------------------
    def find_cdrom(self, rec, vdev):
        for d in rec['cfg']['disks']:
            if d['vdev'].split(':')[0] == vdev:
                return d
        return None

    def cmd_cd_insert(self, argv):
        _, rest = opts('cd-insert', argv, '', required=3)
        domid, rec = self.guest(rest[0])
        vdev, path = rest[1], rest[2]
        if not os.path.exists(path):
            err('Cannot stat file: %s' % path)
            return 1
        return self.change_cd(domid, rec, vdev, path)

    def cmd_cd_eject(self, argv):
        _, rest = opts('cd-eject', argv, '', required=2)
        domid, rec = self.guest(rest[0])
        return self.change_cd(domid, rec, rest[1], None)

    def change_cd(self, domid, rec, vdev, path):
        disk = self.find_cdrom(rec, vdev) if rec else None
        idx = devicemodel_index(vdev)
        if disk is None or not disk['is_cdrom'] or idx is None:
            err(domains.libxl_error('libxl__cdrom_insert', 845, domid,
                                    'Virtual device %s not found or not a cdrom' % vdev, 'libxl_disk.c'))
            return 1
        dev_id = 'ide-%d' % DEVNUM[idx]
        run = self.host.run_dir(domid)
        qmp.command(run, 'eject', id=dev_id, force=True)
        if path:
            qmp.command(run, 'blockdev-change-medium', id=dev_id, filename=os.path.abspath(path), format='raw')
        with self.host.lock():
            data = self.host.load()
            r = data['domains'][str(domid)]
            for d in r['cfg']['disks']:
                if d['vdev'].split(':')[0] == vdev:
                    d['pdev_path'] = os.path.abspath(path) if path else ''
                    d['format'] = 'raw' if path else 'empty'
            self.host.save(data)
        return 0

    # -- memory and vcpus -----------------------------------------------------------------
    def _mem_args(self, cmd, argv):
        """(rest, domid, rec, kb) of mem-set / mem-max, or an exit status: both read DOM SIZE alike."""
        _, rest = opts(cmd, argv, '', required=2)
        domid, rec = self.guest(rest[0])
        kb = commands.parse_mem_kb(rest[1])
        if kb is None:
            err('invalid memory size: %s' % rest[1])
            return 1
        if rec is None:
            return 0
        return rest, domid, rec, kb

    def cmd_mem_set(self, argv):
        args = self._mem_args('mem-set', argv)
        if isinstance(args, int):
            return args
        rest, domid, rec, kb = args
        if kb > rec['max_memkb']:
            err(domains.libxl_error('libxl_set_memory_target', 1024, domid,
                                    'memory_dynamic_max must be less than or equal to memory_static_max',
                                    'libxl_mem.c'))
            return 1
        self.host.update(domid, target_memkb=kb)
        return 0

    def cmd_mem_max(self, argv):
        args = self._mem_args('mem-max', argv)
        if isinstance(args, int):
            return args
        rest, domid, rec, kb = args
        if kb < rec['target_memkb']:
            err(domains.libxl_error('libxl_domain_setmaxmem', 303, domid,
                                    'memory_static_max must be greater than or equal to memory_dynamic_max',
                                    'libxl_mem.c'),
                'Unable to set max memory for domain %s to %s' % (rest[0], rest[1]))
            return 1
        self.host.update(domid, max_memkb=kb)
        return 0

    def cmd_vcpu_set(self, argv):
        parsed, rest = opts('vcpu-set', argv, 'i', ['ignore-host'], required=2)
        domid, rec = self.guest(rest[0])
        try:
            n = int(rest[1])
        except ValueError:
            err('Invalid vCPUs argument: %s' % rest[1])
            return 1
        if n > NR_CPUS and not parsed:
            err('You are overcommmitting! You have %d physical CPUs and want %d vCPUs! '
                'Aborting, use --ignore-host to continue' % (NR_CPUS, n))
            return 1
        if rec is None:
            return 0
        if n < 1 or n > rec['cfg']['maxvcpus']:
            err(domains.libxl_error('libxl_set_vcpuonline', 1400, domid,
                                    'Requested %d VCPUs, however maxcpus is %d!' % (n, rec['cfg']['maxvcpus'])),
                'libxl_set_vcpuonline failed domid=%d max_vcpus=%d, rc: -6' % (domid, n))
            return 1
        self.host.update(domid, online_vcpus=n)
        return 0

    def cmd_vcpu_pin(self, argv):
        parsed, rest = opts('vcpu-pin', argv, 'f', ['force'], required=3)
        domid, rec = self.guest(rest[0])
        if rec is None and domid != 0:
            return 1
        vcpu = rest[1]
        hard = rest[2]
        soft = rest[3] if len(rest) > 3 else '-'
        count = rec['cfg']['maxvcpus'] if rec else NR_CPUS
        targets = range(count) if vcpu == 'all' else [int(vcpu)]
        if rec is None:
            return 0
        affinity = dict(rec.get('affinity') or {})
        try:
            for v in targets:
                cur = affinity.get(str(v), ['all', 'all'])
                if hard != '-':
                    cur[0] = formats.cpu_ranges(formats.parse_cpus(hard, NR_CPUS), NR_CPUS)
                if soft != '-':
                    cur[1] = formats.cpu_ranges(formats.parse_cpus(soft, NR_CPUS), NR_CPUS)
                affinity[str(v)] = cur
        except ValueError:
            err('Invalid argument.')
            return 1
        self.host.update(domid, affinity=affinity)
        return 0

    def cmd_vcpu_list(self, argv):
        _, rest = opts('vcpu-list', argv, '')
        rows = commands.all_rows(self.host)
        if rest:
            wanted = {domains.lookup(self.host, a) for a in rest}
            rows = [r for r in rows if r[0]['domid'] in wanted]
        lines = [formats.VCPU_LIST_HEADER]
        for rec, v, pcpu, online, running, cpu_time, hard, soft in commands.vcpu_rows(rows):
            lines.append(formats.vcpu_row(rec['name'], rec['domid'], v, pcpu, online, running, cpu_time, hard, soft))
        out(*lines)
        return 0

    # -- save / restore (QMP migration to a file) -----------------------------------------
    def cmd_save(self, argv):
        parsed, rest = opts('save', argv, 'cpD', required=2)
        flags = {o for o, _ in parsed}
        domid, rec = self.guest(rest[0])
        if rec is None:
            err('unable to retrieve domain configuration')
            return 1
        path = os.path.abspath(rest[1])
        config = formats.domain_config_json(rec, NR_CPUS)
        config['xensim'] = rec['cfg']
        blob = json.dumps(config).encode() + b'\0'
        optional = struct.pack('<I', len(blob)) + blob
        header = SAVE_MAGIC + struct.pack('<IIII', 0x01020304, 3, 0, len(optional))
        try:
            with open(path, 'wb') as f:
                f.write(header + optional)
        except OSError:
            err('Failed to open temp file %s for writing' % rest[1])
            return 1
        err('Saving to %s new xl format (info 0x3/0x0/%d)' % (rest[1], len(optional)))
        err('xc: info: Saving domain %d, type x86 HVM' % domid)
        saveimage.delay(self.host)
        if not saveimage.checkpoint(self.host, domid, path):
            err('Failed to save domain, resuming domain')
            return 1
        run = self.host.run_dir(domid)
        if '-c' in flags or '-p' in flags:
            if '-c' in flags and '-p' not in flags and rec['status'] == 'running':
                qmp.command(run, 'cont')
            else:
                self.host.update(domid, status='paused')
            return 0
        domains.destroy(self.host, domid)
        return 0

    def cmd_restore(self, argv):
        parsed, rest = opts('restore', argv, 'pedVA', required=1)
        flags = {o for o, _ in parsed}
        path = os.path.abspath(rest[-1])
        try:
            with open(path, 'rb') as f:
                head = f.read(48)
                if head[:32] != SAVE_MAGIC:
                    err('File has wrong magic number - corrupt or for a different tool?')
                    return 2
                _, mandatory, optional_flags, optlen = struct.unpack('<IIII', head[32:48])
                optional = f.read(optlen)
        except OSError:
            err('Failed to open restore file %s' % rest[-1])
            return 1
        config = json.loads(optional[4:].rstrip(b'\0'))
        cfg = config['xensim']
        err('Loading new save file %s (new xl fmt info 0x%x/0x%x/%d)' % (rest[-1], mandatory, optional_flags, optlen),
            ' Savefile contains xl domain config in JSON format',
            'Parsing config from <saved>')
        # libxl saved the live target and vCPUs in b_info: the guest comes back with those.
        b_info = config.get('b_info', {})
        state = {k: b_info[k] for k in ('target_memkb', 'max_memkb') if k in b_info}
        state['name'] = config.get('c_info', {}).get('name')
        if 'avail_vcpus' in b_info:
            state['online_vcpus'] = len(b_info['avail_vcpus'])
        saveimage.restore(self.host, cfg, rest[-1], path, 48 + optlen, paused='-p' in flags, state=state)
        err('xc: info: Found x86 HVM domain from Xen 4.17', 'xc: info: Restoring domain',
            'xc: info: Restore successful')
        return 0

    # -- small queries --------------------------------------------------------------------
    def cmd_uptime(self, argv):
        parsed, rest = opts('uptime', argv, 's')
        short = bool(parsed)
        rows = commands.all_rows(self.host)
        if rest:
            wanted = {domains.lookup(self.host, a) for a in rest}
            rows = [r for r in rows if r[0]['domid'] in wanted]
        now = time.time()
        lines = [] if short else ['%-33s %4s %s' % ('Name', 'ID', 'Uptime')]
        for rec, _, _ in rows:
            up = now - rec['created']
            if short:
                lines.append(' %s up %s, %s (%d)' % (time.strftime('%H:%M:%S'), formats.uptime_text(up).strip(),
                                                     rec['name'], rec['domid']))
            else:
                lines.append('%-33s %4d %s' % (rec['name'], rec['domid'], formats.uptime_text(up)))
        out(*lines)
        return 0

    def cmd_domid(self, argv):
        _, rest = opts('domid', argv, '', required=1)
        name = rest[0]
        if name == 'Domain-0':
            out('0')
            return 0
        for rec in self.host.domains():
            if rec['name'] == name:
                out(str(rec['domid']))
                return 0
        err("Can't get domid of domain name '%s', maybe this domain does not exist." % name)
        return 1

    def cmd_domname(self, argv):
        _, rest = opts('domname', argv, '', required=1)
        if not rest[0].isdigit():
            err('Invalid domain id.')
            return 1
        domid = int(rest[0])
        rec = commands.dom0_record(self.host) if domid == 0 else self.host.get(domid)
        if rec is None:
            err("Can't get domain name of domain id '%d', maybe this domain does not exist." % domid)
            return 1
        out(rec['name'])
        return 0

    def cmd_rename(self, argv):
        _, rest = opts('rename', argv, '', required=2)
        domid, rec = self.guest(rest[0])
        new = rest[1]
        with self.host.lock():
            if any(r['name'] == new and r['domid'] != domid for r in self.host.domains()) or new == 'Domain-0':
                err(domains.libxl_error('libxl__domain_rename', 590, domid,
                                        'Domain with name "%s" already exists.' % new),
                    "Can't rename domain '%s'." % rest[0])
                return 1
            if rec is None:
                err("Can't rename domain '%s'." % rest[0])
                return 1
            self.host.update(domid, name=new)
        return 0

    def cmd_trigger(self, argv):
        """power = the ACPI power button, reset = a hard reset (becomes on_reboot), nmi = an NMI."""
        _, rest = opts('trigger', argv, '', required=2)
        domid, rec = self.guest(rest[0])
        action = {'power': 'system_powerdown', 'reset': 'system_reset', 'nmi': 'inject-nmi'}.get(rest[1])
        if rest[1] not in ('nmi', 'reset', 'init', 'power', 'sleep', 's3resume'):
            err('Invalid trigger "%s"' % rest[1])
            return 1
        if rec is None:
            return 0
        if action is None:
            err(domains.libxl_error('libxl_send_trigger', 1720, domid,
                                    'Send trigger \'%s\' failed: Operation not supported' % rest[1]))
            return 1
        qmp.command(self.host.run_dir(domid), action)
        return 0

    def cmd_top(self, argv):
        return commands.xentop(self.host, ['-b'] + argv)


DEVNUM = {0: 768, 1: 832, 2: 5632, 3: 5696}


def devicemodel_index(vdev):
    from .devicemodel import ide_index
    return ide_index(vdev)


def main(argv):
    try:
        host = Host()
    except SystemExit as e:
        err(str(e))
        return 1
    dryrun = False
    i = 1
    while i < len(argv) and argv[i].startswith('-') and argv[i] not in ('-h', '--help'):
        for ch in argv[i][1:]:
            if ch == 'N':
                dryrun = True
            elif ch not in 'vftT':
                err("xl: invalid option -- '%s'" % ch)
                return 2
        i += 1
    if i >= len(argv) or argv[i] in ('help', '-h', '--help'):
        sys.stdout.write('Usage xl [-vfN] <subcommand> [args]\n\nxl full list of subcommands:\n\n')
        for name, (usage, desc, *_rest) in sorted(TABLE.items()):
            sys.stdout.write(' %-19s %s\n' % (name, desc))
        return 0 if i < len(argv) else 1
    name, args = argv[i], argv[i + 1:]
    handler = getattr(Xl(host, dryrun), 'cmd_' + name.replace('-', '_'), None)
    if handler is None or name not in TABLE:
        err('command not implemented')
        return 1
    try:
        return handler(args) or 0
    except Usage:
        return 2
    except XlFailure as e:
        err(*e.lines)
        return e.status
    except (qmp.QmpError, EOFError, OSError) as e:
        err('libxl: error: libxl_qmp.c:1837:qmp_ev_parse_error_messages: %s' % e)
        return 1
