// Message templates for every lint code, in English and Simplified Chinese. Placeholders are
// vue-i18n named parameters (`{key}`); the renderer loads these objects as they are, the CLI and
// logs use the English sentence built by `renderMessage`. Keep `@`, `|`, `$` and stray braces out:
// they mean something to vue-i18n.
import type { Localized } from '../schema/types';

export const LINT_MESSAGES = {
  'unknown-key': {
    en: '{key} is not an option Xen knows; it is ignored.',
    'zh-CN': '{key} 不是 Xen 认识的选项,会被忽略。',
  },
  'unknown-key-suggest': {
    en: '{key} is not an option Xen knows; did you mean {suggestion}?',
    'zh-CN': '{key} 不是 Xen 认识的选项;是不是想写 {suggestion}?',
  },
  'invalid-key-name': {
    en: '{key} is not a valid key name: xl rejects the whole file and in an xm file it is a Python syntax error. No toolstack reads it; remove the line.',
    'zh-CN': '{key} 不是合法的键名:xl 会拒绝整个文件,在 xm 文件中它是 Python 语法错误。没有任何工具读取它,请删除这一行。',
  },
  'not-an-option': {
    en: '{key} is read by neither xm nor xl; the line has no effect.',
    'zh-CN': 'xm 和 xl 都不读取 {key},这一行不起任何作用。',
  },
  'duplicate-key': {
    en: '{key} is set again on line {laterLine}; that later value ({laterValue}) wins and this one is ignored.',
    'zh-CN': '{key} 在第 {laterLine} 行再次设置;以后面的值({laterValue})为准,这一行被忽略。',
  },
  'xm-only-key': {
    en: '{key} is an xm option; xl ignores it.',
    'zh-CN': '{key} 是 xm 的选项,xl 会忽略它。',
  },
  'xm-only-key-rename': {
    en: '{key} is an xm option; xl reads the same setting as {newKey}.',
    'zh-CN': '{key} 是 xm 的选项;xl 中同样的设置叫 {newKey}。',
  },
  'xl-only-key': {
    en: '{key} is an xl option; xend ignores it.',
    'zh-CN': '{key} 是 xl 的选项,xend 会忽略它。',
  },
  'xl-only-key-rename': {
    en: '{key} is an xl option; on an xm host write it as {newKey}.',
    'zh-CN': '{key} 是 xl 的选项;在 xm 宿主机上应写成 {newKey}。',
  },
  'deprecated-key': {
    en: '{key} still works in xl but is deprecated; use {newKey} instead.',
    'zh-CN': 'xl 仍然支持 {key},但已不推荐使用;请改用 {newKey}。',
  },
  'python-code': {
    en: 'Lines {startLine} to {endLine} are Python code, which xl cannot read: the whole file fails. Convert the file to plain assignments.',
    'zh-CN': '第 {startLine} 至 {endLine} 行是 Python 代码,xl 无法读取,整个文件都会失败。请把文件转换为普通的赋值语句。',
  },
  'script-variable': {
    en: '{key} is a Python helper variable of an xm file, not an option; xl cannot read it. Remove it once what it computes is written out as a plain value.',
    'zh-CN': '{key} 是 xm 文件中的 Python 辅助变量,不是选项;xl 无法读取。把它算出的结果写成普通值后即可删除。',
  },
  'list-for-scalar': {
    en: '{key} must be a single value, not a list; Xen ignores it.',
    'zh-CN': '{key} 必须是单个值,不能是列表;Xen 会忽略它。',
  },
  'scalar-for-list': {
    en: '{key} must be a list, e.g. {key} = [ "..." ]; Xen ignores a single value.',
    'zh-CN': '{key} 必须是列表,例如 {key} = [ "..." ];Xen 会忽略单个值。',
  },
  'not-a-number': {
    en: '{key} must be a whole number; "{value}" is not one.',
    'zh-CN': '{key} 必须是整数;"{value}" 不是整数。',
  },
  'number-plus-equals': {
    en: '{key} is a number, and xl cannot read a number written with +=; use =.',
    'zh-CN': '{key} 是数值,xl 无法读取用 += 写的数值;请使用 =。',
  },
  'out-of-range': {
    en: '{key} = {value} is out of range ({min} to {max}).',
    'zh-CN': '{key} = {value} 超出范围({min} 到 {max})。',
  },
  'below-recommended': {
    en: '{key} = {value} {unit} is below {recommended} {unit}; the guest will probably not boot properly.',
    'zh-CN': '{key} = {value} {unit} 低于 {recommended} {unit},虚拟机可能无法正常启动。',
  },
  'invalid-value': {
    en: '{key} = "{value}" is not allowed; use one of: {allowed}.',
    'zh-CN': '{key} = "{value}" 不是允许的值;可选:{allowed}。',
  },
  'unusual-value': {
    en: '{key} = "{value}" is not one of the usual values ({allowed}).',
    'zh-CN': '{key} = "{value}" 不是常见取值({allowed})。',
  },
  'invalid-sublang': {
    en: '{key} "{value}": {reason}',
    'zh-CN': '{key} "{value}" 无效:{reason}',
  },
  'disk-xm-syntax': {
    en: 'Disk "{value}" is xend syntax that xl does not accept; write it as {suggestion}.',
    'zh-CN': '磁盘 "{value}" 是 xend 的写法,xl 不接受;请写成 {suggestion}。',
  },
  'vif-netfront-on-xl': {
    en: 'xl does not know the NIC type "netfront"; write type=vif for a PV-only NIC, or drop type for an emulated one.',
    'zh-CN': 'xl 不认识网卡类型 "netfront";纯 PV 网卡请写 type=vif,模拟网卡则删除 type。',
  },
  'vif-unknown-key': {
    en: 'vif item {index} has "{item}", which xl does not recognise (it warns and ignores it).',
    'zh-CN': '第 {index} 个 vif 中的 "{item}" 不被 xl 识别(xl 会警告并忽略)。',
  },
  'vif-random-mac': {
    en: 'vif item {index} has no mac: xl picks a new random address at every start, so the guest may see a new network card each time.',
    'zh-CN': '第 {index} 个 vif 没有 mac:xl 每次启动都会随机生成新地址,客户机可能每次都认为是一块新网卡。',
  },
  'duplicate-mac': {
    en: 'MAC address {mac} is used by more than one NIC.',
    'zh-CN': 'MAC 地址 {mac} 被多块网卡使用。',
  },
  'nographic-with-vnc': {
    en: 'nographic = 1 has no effect while {display} is on; the two settings contradict each other.',
    'zh-CN': '{display} 开启时 nographic = 1 不起作用,两项设置互相矛盾。',
  },
  'vncdisplay-with-vncunused': {
    en: 'vncdisplay = {display} is not a fixed port while vncunused is on: the server takes the first free port from {port} upward. Set vncunused = 0 for a fixed port.',
    'zh-CN': 'vncunused 开启时 vncdisplay = {display} 并不是固定端口:服务会从 {port} 开始使用第一个空闲端口。需要固定端口请设置 vncunused = 0。',
  },
  'vnclisten-display-conflict': {
    en: 'vnclisten already names a display ({listen}) and vncdisplay is set too; xl refuses this ("Display specified both in vnclisten and vncdisplay").',
    'zh-CN': 'vnclisten 中已经包含显示编号({listen}),同时又设置了 vncdisplay;xl 会拒绝("Display specified both in vnclisten and vncdisplay")。',
  },
  'vnc-open-no-password': {
    en: 'VNC listens on {listen}, beyond this host, without a password: anyone who can reach the host gets the guest console. Listen on 127.0.0.1 (XenDeck tunnels over SSH) or set a password.',
    'zh-CN': 'VNC 在 {listen} 上监听(本机之外也能访问)且没有密码:任何能连到宿主机的人都能进入虚拟机控制台。请监听 127.0.0.1(XenDeck 会通过 SSH 隧道连接),或设置密码。',
  },
  'vnc-open-weak-auth': {
    en: 'VNC listens on {listen}, beyond this host; its password check is weak (8 characters, no encryption). Prefer 127.0.0.1 with an SSH tunnel.',
    'zh-CN': 'VNC 在 {listen} 上监听(本机之外也能访问);VNC 密码保护很弱(8 个字符,不加密)。建议使用 127.0.0.1 并通过 SSH 隧道访问。',
  },
  'vnc-empty-password': {
    en: 'vncpasswd is empty, so VNC asks for no password. Safe only while VNC listens on 127.0.0.1.',
    'zh-CN': 'vncpasswd 为空,VNC 不需要密码。只有 VNC 只监听 127.0.0.1 时才安全。',
  },
  'vnc-empty-password-xm': {
    en: 'vncpasswd is empty, which also overrides the vncpasswd of xend-config.sxp: VNC asks for no password. Remove the line to use the host-wide password.',
    'zh-CN': 'vncpasswd 为空,并且会覆盖 xend-config.sxp 中的 vncpasswd:VNC 不需要密码。删除这一行即可使用宿主机的全局密码。',
  },
  'spice-open-no-password': {
    en: 'SPICE accepts clients without a password (spicedisable_ticketing = 1) on {listen}.',
    'zh-CN': 'SPICE 在 {listen} 上接受无密码的客户端连接(spicedisable_ticketing = 1)。',
  },
  'spice-needs-port': {
    en: 'spice = 1 needs spiceport or spicetls_port.',
    'zh-CN': 'spice = 1 需要设置 spiceport 或 spicetls_port。',
  },
  'spice-needs-password': {
    en: 'SPICE needs spicepasswd unless spicedisable_ticketing = 1.',
    'zh-CN': '除非 spicedisable_ticketing = 1,否则 SPICE 必须设置 spicepasswd。',
  },
  'usbversion-with-usb': {
    en: 'usbversion cannot be combined with usb or usbdevice; xl refuses the file.',
    'zh-CN': 'usbversion 不能与 usb 或 usbdevice 同时使用,xl 会拒绝该文件。',
  },
  'stdvga-ignored': {
    en: 'stdvga is ignored because vga is set.',
    'zh-CN': '已设置 vga,所以 stdvga 被忽略。',
  },
  'builder-type-conflict': {
    en: 'builder = "{builder}" and type = "{type}" contradict each other; xl refuses the file.',
    'zh-CN': 'builder = "{builder}" 与 type = "{type}" 互相矛盾,xl 会拒绝该文件。',
  },
  'missing-name': {
    en: 'The file sets no name; every guest needs one.',
    'zh-CN': '文件中没有设置 name,每台虚拟机都必须有名称。',
  },
  'not-hvm': {
    en: 'Neither type nor builder is set, so this becomes a PV guest, not HVM.',
    'zh-CN': '既没有设置 type 也没有设置 builder,因此会创建 PV 虚拟机,而不是 HVM。',
  },
  'maxvcpus-below-vcpus': {
    en: 'maxvcpus ({maxvcpus}) is below vcpus ({vcpus}); xl refuses this.',
    'zh-CN': 'maxvcpus({maxvcpus})小于 vcpus({vcpus}),xl 会拒绝。',
  },
  'maxmem-below-memory': {
    en: 'maxmem ({maxmem} MiB) is below memory ({memory} MiB).',
    'zh-CN': 'maxmem({maxmem} MiB)小于 memory({memory} MiB)。',
  },
  'vcpus-exceed-host': {
    en: 'vcpus = {vcpus} is more than the {hostCpus} CPUs of this host; extra vCPUs only add overhead.',
    'zh-CN': 'vcpus = {vcpus} 超过了本宿主机的 {hostCpus} 个 CPU,多出的 vCPU 只会增加开销。',
  },
  'cpus-empty': {
    en: '{key} = "{value}" selects no CPU at all ("^" only removes CPUs added before it; "all,^1" means every CPU but 1).',
    'zh-CN': '{key} = "{value}" 一个 CPU 也没有选中("^" 只会去掉它前面已加入的 CPU;"all,^1" 才表示除 1 号以外的全部 CPU)。',
  },
  'cpus-beyond-host': {
    en: '{key} names CPU {cpu}, but this host has only {hostCpus} CPUs (0 to {lastCpu}).',
    'zh-CN': '{key} 指定了 CPU {cpu},但本宿主机只有 {hostCpus} 个 CPU(0 到 {lastCpu})。',
  },
  'apic-off-smp': {
    en: 'apic = 0 limits the guest to one CPU, but vcpus = {vcpus}.',
    'zh-CN': 'apic = 0 时虚拟机只能使用一个 CPU,但 vcpus = {vcpus}。',
  },
  'acpi-off': {
    en: 'acpi = 0: the guest cannot be shut down with the power button, and Windows installed this way keeps a single-CPU, non-ACPI kernel. Needed only if an old installer hangs with ACPI on.',
    'zh-CN': 'acpi = 0:无法通过电源按钮关闭虚拟机,以这种方式安装的 Windows 会一直使用单 CPU、无 ACPI 的内核。只有老安装程序在开启 ACPI 时卡住才需要这样设置。',
  },
  'shadow-memory-low': {
    en: 'shadow_memory = {value} MiB is below the {recommended} MiB this guest needs ({memory} MiB RAM, {vcpus} vCPUs: 1 MiB per vCPU + 8 KiB per MiB of RAM). Raise it or remove the line to let Xen compute it.',
    'zh-CN': 'shadow_memory = {value} MiB 低于该虚拟机所需的 {recommended} MiB({memory} MiB 内存、{vcpus} 个 vCPU:每个 vCPU 1 MiB + 每 MiB 内存 8 KiB)。请调大,或删除这一行让 Xen 自动计算。',
  },
  'kernel-hvmloader-on-xl': {
    en: 'xl ignores kernel = "{value}" for HVM guests (it loads hvmloader itself) and prints a warning; remove the line.',
    'zh-CN': '对 HVM 虚拟机,xl 会忽略 kernel = "{value}"(它自己加载 hvmloader)并给出警告;请删除这一行。',
  },
  'soundhw-modern-xl': {
    en: 'soundhw = "{value}": Xen 4.17 and later accept exactly one sound card model ({allowed}).',
    'zh-CN': 'soundhw = "{value}":Xen 4.17 及以后只接受一个声卡型号({allowed})。',
  },
  'boot-no-device': {
    en: 'boot = "{value}" names no device this guest has: no bootable disk (hd or sd), CD-ROM or NIC matches. The BIOS finds nothing it was asked to boot.',
    'zh-CN': 'boot = "{value}" 中没有一个设备在该虚拟机上存在:没有可引导的硬盘(hd 或 sd)、光驱或网卡与之对应。BIOS 找不到指定的引导设备。',
  },
  'boot-device-missing': {
    en: 'boot = "{value}" lists {device} ({letter}), but the guest has none.',
    'zh-CN': 'boot = "{value}" 中包含{device}({letter}),但虚拟机没有这个设备。',
  },
  'boot-cdrom-first': {
    en: 'The guest boots from the CD-ROM first. Right while installing; afterwards put the disk first (boot = "{suggestion}") or every reboot starts the installer again.',
    'zh-CN': '虚拟机优先从光驱启动。安装系统时这样没错;安装完成后请把硬盘放在最前(boot = "{suggestion}"),否则每次重启都会再次进入安装程序。',
  },
} as const satisfies Record<string, Localized>;

export type LintCode = keyof typeof LINT_MESSAGES;

/** Messages per locale, the shape vue-i18n's `messages` option takes (`{ en: {...}, 'zh-CN': {...} }`). */
export function lintMessagesByLocale(): Record<'en' | 'zh-CN', Record<string, string>> {
  const en: Record<string, string> = {};
  const zh: Record<string, string> = {};
  for (const [code, m] of Object.entries(LINT_MESSAGES)) {
    en[code] = m.en;
    zh[code] = m['zh-CN'];
  }
  return { en, 'zh-CN': zh };
}

/** Fills a template's `{name}` placeholders (what vue-i18n does with named parameters). */
export function renderMessage(
  code: LintCode,
  params: Record<string, string | number> = {},
  locale: 'en' | 'zh-CN' = 'en',
): string {
  return LINT_MESSAGES[code][locale].replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}
