// The actions on one host, the same in the sidebar's context menu and the hosts page's row menu:
// open it, edit it, connect now (only when offline), remove it after a confirmation.
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import type { DropdownOption } from 'naive-ui';
import type { ConnectionState } from '@shared/api/hosts-types';
import { useHostsStore } from '@/stores/hosts';

export type HostMenuKey = 'open' | 'edit' | 'connect' | 'remove';

export function hostMenuOptions(t: (key: string) => string, state: ConnectionState): DropdownOption[] {
  return [
    { key: 'open', label: t('hostMenu.open') },
    { key: 'edit', label: t('editHost.menu') },
    { key: 'connect', label: t('hostMenu.connect'), disabled: state !== 'offline' },
    { type: 'divider', key: 'divider' },
    { key: 'remove', label: t('hostMenu.remove') },
  ];
}

export function useHostMenu() {
  const { t } = useI18n();
  const router = useRouter();
  const hosts = useHostsStore();
  return {
    options: (state: ConnectionState) => hostMenuOptions(t, state),
    select(key: string | number, name: string): void {
      if (key === 'open') void router.push({ name: 'host', params: { host: name } });
      else if (key === 'edit') void router.push({ name: 'edit-host', params: { host: name } });
      else if (key === 'connect') void hosts.connect(name);
      else if (key === 'remove') hosts.askRemove(name);
    },
  };
}
