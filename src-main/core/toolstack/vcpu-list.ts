// `xl vcpu-list` / `xm vcpu-list` (REFERENCE §4.6). Read from the left after the name, since the
// affinity column at the end is free text (`0-3,8 / all`, `any cpu`).
import { OutputFormatError, checkSize, type VcpuInfo } from './types';

const ROW = /^(.*?)\s+(\d+)\s+(\d+)\s+(\d+|-)\s+([-rbp]{3})\s+(\d+(?:\.\d+)?)\s+(.*?)\s*$/;

export function parseVcpuList(text: string, tool: 'xl' | 'xm' = 'xl'): VcpuInfo[] {
  const command = `${tool} vcpu-list`;
  checkSize(command, text);
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => /^\s*Name\s+ID\s+VCPU\s/.test(l));
  if (headerAt < 0) throw new OutputFormatError(command, 'the "Name ID VCPU CPU State" header is missing');
  const out: VcpuInfo[] = [];
  for (const raw of lines.slice(headerAt + 1)) {
    const line = raw.trim();
    if (line === '') continue;
    const m = ROW.exec(line);
    if (!m) throw new OutputFormatError(command, `the row "${line.slice(0, 80)}" was not understood`);
    const [hard, soft] = m[7].split(' / ');
    const row: VcpuInfo = {
      name: m[1],
      domid: Number(m[2]),
      vcpu: Number(m[3]),
      cpu: m[4] === '-' ? null : Number(m[4]),
      running: m[5][0] === 'r',
      blocked: m[5][1] === 'b',
      online: m[5][2] !== 'p',
      cpuTimeSec: Number(m[6]),
      hardAffinity: hard,
    };
    if (soft !== undefined) row.softAffinity = soft;
    out.push(row);
  }
  return out;
}
