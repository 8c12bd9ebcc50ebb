// The operation in flight on each guest, shared by every page that offers guest actions (RS-5):
// while one runs, the host page's row and the guest page both disable their buttons, so a second
// click (or a second page) never sends a second mutating command for that guest.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const useGuestOpsStore = defineStore('guest-ops', () => {
  /** `host/guest` → the operation's name (an action or a dialog's operation). */
  const inFlight = ref<Record<string, string>>({});

  const key = (host: string, name: string) => `${host}/${name}`;

  function busy(host: string, name: string): string | undefined {
    return inFlight.value[key(host, name)];
  }

  /**
   * Runs `fn` as the guest's one operation. Refused (resolves undefined, nothing sent) when
   * another is already running on the same guest.
   */
  async function run<T>(host: string, name: string, op: string, fn: () => Promise<T>): Promise<T | undefined> {
    const k = key(host, name);
    if (inFlight.value[k] !== undefined) return undefined;
    inFlight.value = { ...inFlight.value, [k]: op };
    try {
      return await fn();
    } finally {
      const rest = { ...inFlight.value };
      delete rest[k];
      inFlight.value = rest;
    }
  }

  return { inFlight, busy, run };
});
