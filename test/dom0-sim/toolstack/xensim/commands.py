"""Shared pieces of the xl and xm command lines."""
import os
import re
import sys
import time

from . import domains, formats

NR_CPUS = os.cpu_count() or 1


def err(*lines):
    # Bytes as the real tools print them (a cfg's raw bytes may appear in parse errors).
    sys.stderr.flush()
    for line in lines:
        sys.stderr.buffer.write(line.encode('utf-8', 'surrogateescape') + b'\n')
    sys.stderr.buffer.flush()


def out(*lines):
    for line in lines:
        sys.stdout.write(line + '\n')
    sys.stdout.flush()


def dom0_record(host):
    info = host.info
    return {'domid': 0, 'name': 'Domain-0', 'uuid': '00000000-0000-0000-0000-000000000000',
            'target_memkb': info['dom0_mem'] * 1024, 'max_memkb': info['dom0_mem'] * 1024,
            'online_vcpus': NR_CPUS, 'created': info['started']}


def dom0_cpu_seconds(host):
    # Simulated: dom0 keeps one core ~2% busy since the host started.
    return (time.time() - host.info['started']) * 0.02 * NR_CPUS


def all_rows(host, state_order='xl'):
    """[(rec, state, cpu_seconds)] with Domain-0 first, ordered by domid."""
    rows = [(dom0_record(host), 'r-----' if state_order != 'xentop' else '-----r', dom0_cpu_seconds(host))]
    recs = host.domains()
    flags = [None] * len(recs)

    def ask(i):
        flags[i] = domains.state_flags(host, recs[i])

    if len(recs) > 1:
        # One QMP round trip per guest: ask them all at once (a busy TCG guest answers slowly).
        import threading
        threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(recs))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for i in range(len(recs)):
            ask(i)
    for rec, f in zip(recs, flags):
        rows.append((rec, domains.state_string(f, state_order), domains.cpu_seconds(rec)))
    return rows


def vcpu_rows(rows):
    """Per vCPU of each (rec, state, cpu) row, what vcpu-list shows (xl's and xm's alike):
    (rec, vcpu, pcpu, online, running, cpu_seconds, hard, soft); affinities as cpu_ranges text."""
    for rec, state, cpu in rows:
        count = NR_CPUS if rec['domid'] == 0 else rec['cfg']['maxvcpus']
        online = rec['online_vcpus']
        per = cpu / max(online, 1)
        default = formats.cpu_ranges(formats.parse_cpus(rec.get('cfg', {}).get('cpus'), NR_CPUS), NR_CPUS) \
            if rec['domid'] else 'all'
        for v in range(count):
            hard, soft = (rec.get('affinity') or {}).get(str(v), [default, 'all'])
            allowed = formats.parse_cpus(None if hard in ('all', 'none') else hard, NR_CPUS)
            pcpu = allowed[v % len(allowed)] if allowed else 0
            running = state.startswith('r') and v == 0
            yield rec, v, pcpu, v < online, running, per if v < online else 0.0, hard, soft


MEM_RE = re.compile(r'^(\d+)([bBkKmMgGtT]?)$')


def parse_mem_kb(text):
    """xl's parse_mem_size_kb: a bare number is MiB."""
    m = MEM_RE.match(text)
    if not m:
        return None
    n, unit = int(m.group(1)), (m.group(2) or 'm').lower()
    return {'b': n // 1024, 'k': n, 'm': n * 1024, 'g': n * 1024 * 1024, 't': n * 1024 ** 3}[unit]


def info_pairs(host, toolstack):
    release, version, machine = formats.uname()
    info = host.info
    used = info['dom0_mem'] + sum(r['max_memkb'] // 1024 for r in host.domains())
    pairs = [('host', info['hostname']), ('release', release), ('version', version), ('machine', machine),
             ('nr_cpus', NR_CPUS)]
    if toolstack == 'xl':
        pairs.append(('max_cpu_id', NR_CPUS - 1))
    pairs += [('nr_nodes', 1), ('cores_per_socket', NR_CPUS), ('threads_per_core', 1),
              ('cpu_mhz', '2399.998' if toolstack == 'xl' else '2399'),
              ('hw_caps', 'bfebfbff:77fef3ff:2c100800:00000121:0000000f:009c6fbf:00000000:00000100'),
              ('virt_caps', 'pv hvm hvm_directio pv_directio hap shadow' if toolstack == 'xl' else 'hvm hvm_directio'),
              ('total_memory', info['total_memory']), ('free_memory', max(info['total_memory'] - used, 0))]
    if toolstack == 'xl':
        pairs += [('sharing_freed_memory', 0), ('sharing_used_memory', 0), ('outstanding_claims', 0)]
    pairs.append(('free_cpus', 0))
    major, minor, extra = info['xen_version']
    pairs += [('xen_major', major), ('xen_minor', minor), ('xen_extra', extra)]
    if toolstack == 'xl':
        pairs.append(('xen_version', '%d.%d%s' % (major, minor, extra)))
    pairs += [('xen_caps', 'xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64'),
              ('xen_scheduler', 'credit2' if toolstack == 'xl' else 'credit'), ('xen_pagesize', 4096),
              ('platform_params', 'virt_start=0xffff800000000000'), ('xen_changeset', ''),
              ('xen_commandline', 'placeholder dom0_mem=%dM,max:%dM' % (info['dom0_mem'], info['dom0_mem'])),
              ('cc_compiler', 'gcc (Debian 12.2.0-14) 12.2.0'), ('cc_compile_by', 'pkg-xen-devel'),
              ('cc_compile_domain', 'lists.alioth.debian.org'),
              ('cc_compile_date', 'Mon Jan  6 12:00:00 UTC 2025')]
    if toolstack == 'xl':
        pairs.append(('build_id', '6f1c3a9e8b5d4c2a1f0e9d8c7b6a5f4e3d2c1b0a'))
    pairs.append(('xend_config_format', 4 if toolstack == 'xl' else 2))
    return pairs


def xentop(host, argv):
    """xentop -b [-i N] [-d S] [-f]: batch mode only (the curses screen is not simulated)."""
    iterations, delay, full = None, 3.0, False
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ('-b', '--batch'):
            pass
        elif a in ('-i', '--iterations') and i + 1 < len(argv):
            i += 1
            iterations = int(argv[i])
        elif a.startswith('-i') and a[2:].isdigit():
            iterations = int(a[2:])
        elif a in ('-d', '--delay') and i + 1 < len(argv):
            i += 1
            delay = float(argv[i])
        elif a.startswith('-d') and a[2:]:
            delay = float(a[2:])
        elif a in ('-f', '--full-name'):
            full = True
        elif a in ('-n', '-x', '-v', '-r', '-z', '--networks', '--vbds', '--vcpus', '--repeat-header'):
            pass
        else:
            err("xentop: invalid option -- '%s'" % a.lstrip('-'))
            return 2
        i += 1
    if '-b' not in argv and '--batch' not in argv:
        err('xentop: only batch mode (-b) is simulated')
        return 1
    total_k = host.info['total_memory'] * 1024
    prev = {}
    n = 0
    try:
        while iterations is None or n < iterations:
            if n:
                time.sleep(delay)
            stamp = time.time()
            lines = [formats.XENTOP_HEADER]
            for rec, state, cpu in all_rows(host, 'xentop'):
                key = rec['domid']
                pct = 0.0
                if key in prev:
                    pct = (cpu - prev[key][0]) / max(stamp - prev[key][1], 1e-6) * 100
                prev[key] = (cpu, stamp)
                is0 = key == 0
                mem_k = rec['target_memkb']
                row = formats.xentop_row(
                    rec['name'], state, int(cpu), pct, mem_k, mem_k * 100.0 / total_k,
                    None if is0 else rec['max_memkb'], None if is0 else rec['max_memkb'] * 100.0 / total_k,
                    rec['online_vcpus'], 0 if is0 else len(rec['cfg']['nics']),
                    0 if is0 else len(rec['cfg']['disks']))
                if full and len(rec['name']) > 10:
                    # -f: the whole name, still right-aligned to at least 10 columns.
                    row = rec['name'] + row[10:]
                lines.append(row)
            out(*lines)
            n += 1
    except (KeyboardInterrupt, BrokenPipeError):
        # The reader went away (e.g. the SSH channel closed): stop quietly like xentop.
        try:
            sys.stdout = open(os.devnull, 'w')
        except OSError:
            pass
    return 0
