import { L, options } from '../define';

export const GENERAL_OPTIONS = options([
  {
    key: 'name',
    type: 'string',
    shape: 'scalar',
    group: 'general',
    toolstacks: ['xl', 'xm'],
    label: L('Name', '名称'),
    help: L(
      'The domain name. It must be unique on the host: xl list, xl console NAME and every other command use it. Required — xl refuses a file without it ("Domain name must be specified").',
      '虚拟机(域)的名称,在同一台宿主机上必须唯一;xl list、xl console 名称 等命令都用它来指代这台虚拟机。必填项,缺少时 xl 会拒绝创建("Domain name must be specified")。',
    ),
  },
  {
    key: 'uuid',
    type: 'uuid',
    shape: 'scalar',
    group: 'general',
    toolstacks: ['xl', 'xm'],
    default: { xl: null, note: L('A new random UUID at every create.', '每次创建时随机生成一个新的 UUID。') },
    label: L('UUID', 'UUID'),
    help: L(
      'A fixed 128-bit identity (8-4-4-4-12 hex digits). Leave it out and Xen invents a new one at every start; set it when licensing, backup tools or Windows activation should see the same machine every time.',
      '固定的 128 位标识(8-4-4-4-12 个十六进制数字)。不写则每次启动都会随机生成新值;如果软件授权、备份工具或 Windows 激活需要每次看到同一台机器,就应固定它。',
    ),
  },
  {
    key: 'type',
    type: 'enum',
    shape: 'scalar',
    group: 'general',
    toolstacks: ['xl'],
    xlSince: '4.10',
    values: ['hvm', 'pv', 'pvh'],
    default: { xl: 'pv', note: L('PV on x86 when neither type nor builder is set.', '在 x86 上,type 和 builder 都未设置时默认为 PV。') },
    xmName: 'builder',
    label: L('Guest type', '虚拟机类型'),
    help: L(
      'hvm: a fully emulated PC with BIOS, for any operating system (Windows, old Linux). pv: paravirtualised, the guest kernel must know Xen. pvh: lightweight, no emulated devices. Without it xl builds a PV guest, so an HVM file must say type = "hvm" (xm files use builder = "hvm" instead).',
      'hvm:完整模拟的 PC(带 BIOS),可以运行任何操作系统(Windows、老版本 Linux)。pv:半虚拟化,客户机内核必须支持 Xen。pvh:轻量模式,没有模拟设备。不写时 xl 会创建 PV 虚拟机,所以 HVM 配置必须写 type = "hvm"(xm 配置则写 builder = "hvm")。',
    ),
  },
  {
    key: 'builder',
    type: 'enum',
    shape: 'scalar',
    group: 'general',
    toolstacks: ['xl', 'xm'],
    values: ['hvm', 'generic'],
    xmValues: ['hvm', 'linux'],
    default: { xl: 'generic', xm: 'linux' },
    xlName: 'type',
    deprecatedInXl: {
      replacement: 'type',
      note: L('xl ≥ 4.10 prefers type = "hvm".', 'xl 4.10 起推荐使用 type = "hvm"。'),
    },
    label: L('Builder (xm)', '构建方式 (xm)'),
    help: L(
      'How xend builds the domain: "hvm" for a fully virtualised guest, "linux" (xm) or "generic" (xl) for PV. This is the xm way of saying type; xl still accepts it but type = "hvm" is the modern spelling. Both at once with different meanings is an error in xl.',
      '域的构建方式:"hvm" 表示完全虚拟化,"linux"(xm)或 "generic"(xl)表示半虚拟化。这是 xm 时代的写法,相当于 xl 的 type;xl 仍然接受,但推荐写 type = "hvm"。两者同时出现且含义不同时,xl 会报错。',
    ),
  },
  {
    key: 'description',
    type: 'string',
    shape: 'scalar',
    group: 'general',
    toolstacks: ['xm'],
    label: L('Description (xm)', '描述 (xm)'),
    help: L(
      'Free text xend stored with the domain. xl ignores it; a comment in the file does the same job.',
      'xend 随域保存的一段说明文字。xl 会忽略它;在文件里写注释也能达到同样目的。',
    ),
  },
]);
