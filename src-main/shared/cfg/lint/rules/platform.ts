// Rules that weigh several keys together: guest type, CPUs and memory, shadow memory, ACPI/APIC,
// host fit, firmware lines an xl host ignores.
import { recommendShadowMemory } from '../../schema/shadow-memory';
import { parseCpus, resolveCpuSet } from '../../sublang/cpus';
import { parseSoundHw, SOUNDHW_XL, soundHwValidForModernXl } from '../../sublang/soundhw';
import {
  effective,
  effectiveBool,
  effectiveInt,
  elements,
  isSet,
  keyPos,
  report,
  scalar,
  valuePos,
  type LintContext,
} from '../context';

export function platformRules(ctx: LintContext): void {
  const ts = ctx.toolstack;
  const anything = ctx.input.entries.length > 0;
  const first = ctx.input.entries[0];
  const top = first ? { line: first.line, col: 1 } : { line: 1, col: 1 };

  if (anything && !isSet(ctx, 'name')) report(ctx, 'error', 'missing-name', top);
  if (anything && !isSet(ctx, 'type') && !isSet(ctx, 'builder')) {
    report(ctx, 'warning', 'not-hvm', top, {}, ts === 'xl' ? { kind: 'set', key: 'type', value: 'hvm' } : { kind: 'set', key: 'builder', value: 'hvm' });
  }
  const builder = scalar(ctx.last.get('builder')?.value);
  const type = scalar(ctx.last.get('type')?.value);
  if (ts === 'xl' && builder !== undefined && type !== undefined) {
    const builderHvm = builder === '' || 'hvm'.startsWith(builder);
    const typeHvm = type === '' || 'hvm'.startsWith(type);
    if (builderHvm !== typeHvm) report(ctx, 'error', 'builder-type-conflict', keyPos(ctx.last.get('builder')!), { builder, type });
  }

  const vcpus = Math.max(1, effectiveInt(ctx, 'vcpus') ?? 1);
  const maxvcpusEntry = ctx.last.get('maxvcpus');
  const maxvcpus = effectiveInt(ctx, 'maxvcpus');
  if (maxvcpusEntry && maxvcpus !== undefined && maxvcpus < vcpus) {
    report(ctx, 'error', 'maxvcpus-below-vcpus', valuePos(maxvcpusEntry), { maxvcpus, vcpus }, { kind: 'set', key: 'maxvcpus', value: String(vcpus) });
  }
  const memory = effectiveInt(ctx, 'memory');
  const maxmemEntry = ctx.last.get('maxmem');
  const maxmem = effectiveInt(ctx, 'maxmem');
  if (maxmemEntry && maxmem !== undefined && memory !== undefined && maxmem < memory) {
    report(ctx, 'error', 'maxmem-below-memory', valuePos(maxmemEntry), { maxmem, memory }, { kind: 'remove', key: 'maxmem' });
  }

  const shadowEntry = ctx.last.get('shadow_memory');
  const shadow = effectiveInt(ctx, 'shadow_memory');
  const ram = maxmem ?? memory;
  // 0 means "compute it" to xend; xl treats an explicit value literally.
  if (shadowEntry && shadow !== undefined && ram !== undefined && !(ts === 'xm' && shadow === 0)) {
    const cpus = Math.max(vcpus, maxvcpus ?? 0);
    const recommended = recommendShadowMemory(ram, cpus);
    if (shadow < recommended) {
      report(
        ctx,
        'warning',
        'shadow-memory-low',
        valuePos(shadowEntry),
        { value: shadow, recommended, memory: ram, vcpus: cpus },
        { kind: 'set', key: 'shadow_memory', value: String(recommended) },
      );
    }
  }

  const apic = ctx.last.get('apic');
  if (apic && effectiveBool(ctx, 'apic') === false && vcpus > 1) {
    report(ctx, 'warning', 'apic-off-smp', valuePos(apic), { vcpus }, { kind: 'set', key: 'apic', value: '1' });
  }
  const acpi = ctx.last.get('acpi');
  if (acpi && effectiveBool(ctx, 'acpi') === false) {
    report(ctx, 'info', 'acpi-off', valuePos(acpi), {}, { kind: 'set', key: 'acpi', value: '1' });
  }

  const host = ctx.input.hostCpuCount;
  for (const key of ['cpus', 'cpus_soft']) {
    const e = ctx.last.get(key);
    if (!e) continue;
    for (const text of elements(e.value)) {
      const parsed = parseCpus(text);
      if (!parsed.ok) continue; // reported by the value rules
      const nodes = parsed.value.items.some((i) => i.nodes !== null);
      if (nodes) continue; // needs the NUMA topology
      const probe = host ?? 4096;
      if (resolveCpuSet(parsed.value, probe).length === 0) {
        report(ctx, 'warning', 'cpus-empty', valuePos(e), { key, value: text }, typeof e.value === 'string' ? { kind: 'remove', key } : undefined);
        continue;
      }
      if (host !== undefined) {
        let highest = -1;
        for (const item of parsed.value.items) {
          if (item.range !== 'all' && !item.not) highest = Math.max(highest, item.range.to);
        }
        if (highest >= host) report(ctx, 'warning', 'cpus-beyond-host', valuePos(e), { key, cpu: highest, hostCpus: host, lastCpu: host - 1 });
      }
    }
  }
  const vcpusEntry = ctx.last.get('vcpus');
  if (host !== undefined && vcpusEntry && vcpus > host) {
    report(ctx, 'warning', 'vcpus-exceed-host', valuePos(vcpusEntry), { vcpus, hostCpus: host }, { kind: 'set', key: 'vcpus', value: String(host) });
  }

  if (ts === 'xl') {
    const kernel = ctx.last.get('kernel');
    const k = scalar(kernel?.value);
    if (kernel && k !== undefined && /(^|\/)hvmloader$/.test(k)) {
      report(ctx, 'warning', 'kernel-hvmloader-on-xl', keyPos(kernel), { value: k }, { kind: 'remove', key: 'kernel' });
    }
    const sound = ctx.last.get('soundhw');
    const s = effective(ctx, 'soundhw');
    if (sound && s !== undefined) {
      const p = parseSoundHw(s);
      if (p.ok && !soundHwValidForModernXl(p.value)) {
        report(ctx, 'warning', 'soundhw-modern-xl', valuePos(sound), { value: s, allowed: SOUNDHW_XL.join(', ') });
      }
    }
  }
}
