// Runs one guest operation from a dialog: one at a time per guest (RS-5, the guest-ops store),
// a success notification with a sentence saying what is now true, the error as a clear sentence
// (useErrorToast) otherwise. Resolves true when it succeeded.
import { computed, type Ref } from 'vue';
import { useNotification } from 'naive-ui';
import { useErrorToast } from '@/composables/useErrorToast';
import { useGuestOpsStore } from '@/stores/guest-ops';

export function useGuestOp(host: Ref<string>, name: Ref<string>) {
  const ops = useGuestOpsStore();
  const toast = useErrorToast();
  const notification = useNotification();
  const busy = computed(() => ops.busy(host.value, name.value));

  async function exec<T>(op: string, fn: () => Promise<T>, success: (r: T) => string): Promise<boolean> {
    const r = await ops.run(host.value, name.value, op, async () => {
      try {
        const out = await fn();
        notification.success({ title: success(out), duration: 4000 });
        return true;
      } catch (e) {
        toast(e);
        return false;
      }
    });
    return r === true;
  }

  return { busy, exec };
}
