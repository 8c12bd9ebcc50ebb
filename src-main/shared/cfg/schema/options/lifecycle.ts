import { L, options } from '../define';
import type { OptionSpec } from '../types';

const ACTIONS = ['destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy', 'coredump-restart', 'soft-reset'];
const XM_ACTIONS = ['destroy', 'restart', 'rename-restart', 'preserve'];

const ACTIONS_HELP = L(
  'destroy: clean the domain up (it is gone until started again). restart: start a fresh domain in its place. rename-restart: keep the old one under a new name (for inspection) and start a new one. preserve: keep the dead domain as it is until you destroy it by hand (to debug). xl also has coredump-destroy / coredump-restart (save a memory dump first) and soft-reset.',
  'destroy:清除该域(之后需重新启动)。restart:启动一个新的域来代替它。rename-restart:保留旧域并改名(便于检查),同时启动新域。preserve:保留停止的域不做清理,直到手动销毁(便于调试)。xl 另有 coredump-destroy / coredump-restart(先保存内存转储)和 soft-reset。',
);

function action(key: string, label: ReturnType<typeof L>, what: ReturnType<typeof L>, def: OptionSpec['default'], xl: boolean, xm: boolean): OptionSpec {
  return {
    key,
    type: 'enum',
    shape: 'scalar',
    group: 'lifecycle',
    toolstacks: [...(xl ? (['xl'] as const) : []), ...(xm ? (['xm'] as const) : [])],
    values: ACTIONS,
    ...(xm ? { xmValues: XM_ACTIONS } : {}),
    default: def,
    label,
    help: L(`${what.en} ${ACTIONS_HELP.en}`, `${what['zh-CN']}${ACTIONS_HELP['zh-CN']}`),
  };
}

export const LIFECYCLE_OPTIONS = options([
  action(
    'on_poweroff',
    L('On power off', '关机时'),
    L('What to do when the guest powers itself off.', '虚拟机自行关机时的处理方式。'),
    { xl: 'destroy', xm: 'destroy' },
    true,
    true,
  ),
  action(
    'on_reboot',
    L('On reboot', '重启时'),
    L('What to do when the guest reboots.', '虚拟机重启时的处理方式。'),
    { xl: 'restart', xm: 'restart' },
    true,
    true,
  ),
  action(
    'on_crash',
    L('On crash', '崩溃时'),
    L(
      'What to do when the guest crashes. Careful: xend restarted a crashed guest by default, xl destroys it — write the value you want.',
      '虚拟机崩溃时的处理方式。注意:xend 默认重启崩溃的虚拟机,而 xl 默认销毁它——请明确写出你需要的值。',
    ),
    { xl: 'destroy', xm: 'restart' },
    true,
    true,
  ),
  action(
    'on_watchdog',
    L('On watchdog', '看门狗触发时'),
    L('What to do when the guest\u2019s watchdog fires.', '虚拟机看门狗触发时的处理方式。'),
    { xl: 'destroy' },
    true,
    false,
  ),
  action(
    'on_soft_reset',
    L('On soft reset', '软重置时'),
    L('What to do when the guest asks for a soft reset (kexec).', '虚拟机请求软重置(kexec)时的处理方式。'),
    { xl: 'soft-reset' },
    true,
    false,
  ),
  {
    key: 'restart',
    type: 'enum',
    shape: 'scalar',
    group: 'lifecycle',
    toolstacks: ['xm'],
    values: ['onreboot', 'always', 'never'],
    label: L('Restart policy (old xm)', '重启策略 (旧 xm)'),
    help: L(
      'Very old xm spelling of the on_* actions. xl does not support it: use on_poweroff, on_reboot and on_crash.',
      'xm 很早期的写法,相当于 on_* 系列选项。xl 不支持:请使用 on_poweroff、on_reboot 和 on_crash。',
    ),
  },
]);
