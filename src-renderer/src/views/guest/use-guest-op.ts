// Runs one guest operation from a dialog: one at a time per guest (RS-5, the guest-ops store),
// a success notification with a sentence saying what is now true, the error as a clear sentence
// (useErrorToast) otherwise. Resolves true when it succeeded. `cancel()` aborts the signal FN got:
// the core answers CANCELLED at once (a command already sent to the host still completes there).
import { computed, type Ref } from 'vue';
import { useNotification } from 'naive-ui';
import { useErrorToast } from '@/composables/useErrorToast';
import { useGuestOpsStore } from '@/stores/guest-ops';

export function useGuestOp(host: Ref<string>, name: Ref<string>) {
  const ops = useGuestOpsStore();
  const toast = useErrorToast();
  const notification = useNotification();
  const busy = computed(() => ops.busy(host.value, name.value));
  let running: AbortController | null = null;

  async function exec<T>(op: string, fn: (signal: AbortSignal) => Promise<T>, success: (r: T) => string): Promise<boolean> {
    const r = await ops.run(host.value, name.value, op, async () => {
      const ac = new AbortController();
      running = ac;
      try {
        const out = await fn(ac.signal);
        notification.success({ title: success(out), duration: 4000 });
        return true;
      } catch (e) {
        toast(e);
        return false;
      } finally {
        if (running === ac) running = null;
      }
    });
    return r === true;
  }

  function cancel(): void {
    running?.abort();
  }

  return { busy, exec, cancel };
}
