// One guest of one host as the guest page shows it: read with inventory.get, kept current by
// inventory.changed while the page is open, and read again when the host comes back or goes
// away. Offline, the last-seen guest stays on screen, labelled stale (RS-10).
import { computed, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import type { ApiError } from '@shared/api';
import type { GuestView, InventoryChanged, InventoryView } from '@shared/api/hosts-types';
import { toApiError } from '@/services/api-error';
import { useAppStore } from '@/stores/app';
import { useHostsStore } from '@/stores/hosts';
import { applyChanges } from '../guest-actions';

export function useGuest(host: Ref<string>, name: Ref<string>) {
  const app = useAppStore();
  const hosts = useHostsStore();
  const inventory = shallowRef<InventoryView | null>(null);
  const loading = ref(false);
  const loadError = shallowRef<ApiError | null>(null);

  const guest = computed<GuestView | null>(() => inventory.value?.guests.find((g) => g.name === name.value) ?? null);
  const connection = computed(() => hosts.states[host.value]?.state ?? inventory.value?.state ?? hosts.find(host.value)?.state ?? 'connecting');
  const online = computed(() => inventory.value?.state === 'online' && connection.value !== 'offline');
  const reason = computed<ApiError | null>(() => {
    const info = inventory.value?.error ?? hosts.states[host.value]?.reason;
    return info ? toApiError(info) : null;
  });

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const c = await app.ready();
      inventory.value = await c.invoke('inventory.get', { host: host.value });
      loadError.value = null;
    } catch (e) {
      loadError.value = toApiError(e);
    } finally {
      loading.value = false;
    }
  }

  function onChanged(e: InventoryChanged): void {
    const inv = inventory.value;
    if (!inv || e.host !== inv.host) return;
    inventory.value = { ...inv, state: 'online', lastSeen: e.at, error: undefined, guests: applyChanges(inv.guests, e.changes) };
  }

  let unsubscribe: (() => void) | null = null;
  let gone = false;
  void app.ready().then((c) => {
    if (!gone) unsubscribe = c.on('inventory.changed', onChanged);
  });
  onBeforeUnmount(() => {
    gone = true;
    unsubscribe?.();
  });

  watch(host, load, { immediate: true });
  watch(connection, (s, before) => {
    if (s !== before && s !== 'connecting') void load();
  });

  return { inventory, guest, loading, loadError, connection, online, reason, load };
}
