import { L, options } from '../define';

export const NETWORK_OPTIONS = options([
  {
    key: 'vif',
    type: 'vif',
    shape: 'list',
    group: 'network',
    toolstacks: ['xl', 'xm'],
    label: L('Network interfaces', '网络接口'),
    help: L(
      'One spec per network card, e.g. "type=ioemu, mac=00:16:3e:00:00:11, bridge=xenbr0, model=e1000". bridge: the host bridge to plug into. mac: fix the address (00:16:3e:… is Xen\u2019s range); without it xl picks a new random MAC at every start, so the guest may see a new card and lose its network settings. model: the emulated card (rtl8139 default, e1000, ne2k_pci for very old systems). type=ioemu gives an emulated card; xm 3.0.3 needed it for HVM, xl does it by default.',
      '每块网卡一项,例如 "type=ioemu, mac=00:16:3e:00:00:11, bridge=xenbr0, model=e1000"。bridge:连接到宿主机的哪个网桥。mac:固定 MAC 地址(00:16:3e:… 是 Xen 专用段);不写时 xl 每次启动都会随机生成新地址,客户机可能认为换了新网卡而丢失网络设置。model:模拟的网卡型号(默认 rtl8139,也可用 e1000,很老的系统用 ne2k_pci)。type=ioemu 表示模拟网卡;xm 3.0.3 的 HVM 必须写它,xl 默认就是。',
    ),
  },
  {
    key: 'nics',
    type: 'integer',
    shape: 'scalar',
    group: 'network',
    toolstacks: ['xm'],
    label: L('Number of NICs (xm)', '网卡数量 (xm)'),
    help: L('Old xm setting for the number of network cards; the vif list decides this in xl (and in later xm).', 'xm 的旧设置,表示网卡数量;xl(以及较新的 xm)由 vif 列表决定。'),
  },
]);
