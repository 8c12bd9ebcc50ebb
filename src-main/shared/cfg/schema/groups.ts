import type { GroupId, GroupSpec } from './types';

/** The editor's sections, in display order; a new key is placed beside keys of its own group. */
export const GROUPS: readonly GroupSpec[] = [
  { id: 'general', label: { en: 'General', 'zh-CN': '常规' } },
  { id: 'cpu-memory', label: { en: 'CPU & Memory', 'zh-CN': 'CPU 与内存' } },
  { id: 'boot', label: { en: 'Boot', 'zh-CN': '引导' } },
  { id: 'disks', label: { en: 'Disks', 'zh-CN': '磁盘' } },
  { id: 'network', label: { en: 'Network', 'zh-CN': '网络' } },
  { id: 'display', label: { en: 'Display & Console', 'zh-CN': '显示与控制台' } },
  { id: 'devices', label: { en: 'Devices', 'zh-CN': '设备' } },
  { id: 'lifecycle', label: { en: 'Lifecycle', 'zh-CN': '生命周期' } },
  { id: 'advanced', label: { en: 'Advanced', 'zh-CN': '高级' } },
];

export const GROUP_ORDER: readonly GroupId[] = GROUPS.map((g) => g.id);

export function groupIndex(id: GroupId): number {
  return GROUP_ORDER.indexOf(id);
}
