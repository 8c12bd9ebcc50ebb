// The top bar's connection state follows the carrier's own (web carrier: connected →
// reconnecting → connected), including a drop while the first request is still running.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { ApiError, type ApiClient, type ConnectionStatus } from '@shared/api';

class FakeClient {
  readonly carrier = 'web' as const;
  status: ConnectionStatus = 'connected';
  infoCalls = 0;
  private readonly cbs = new Set<(s: ConnectionStatus) => void>();
  onStatus(cb: (s: ConnectionStatus) => void): () => void {
    this.cbs.add(cb);
    return () => this.cbs.delete(cb);
  }
  emit(s: ConnectionStatus): void {
    this.status = s;
    for (const cb of this.cbs) cb(s);
  }
  listeners(): number {
    return this.cbs.size;
  }
  beforeInfo: (() => void) | null = null;
  invoke(): Promise<unknown> {
    this.infoCalls += 1;
    this.beforeInfo?.();
    if (this.status !== 'connected') return Promise.reject(new ApiError({ code: 'DISCONNECTED', message: 'lost' }));
    return Promise.resolve({ version: `v${this.infoCalls}`, platform: 'linux', carrier: 'web' });
  }
}

let fake: FakeClient;
vi.mock('@/api', () => ({ createApiClient: () => Promise.resolve(fake as unknown as ApiClient) }));

const { useAppStore } = await import('@/stores/app');

beforeEach(() => {
  setActivePinia(createPinia());
  fake = new FakeClient();
});

describe('app store: connection status', () => {
  it('shows reconnecting while the socket is down and connected again after, with fresh app.info', async () => {
    const app = useAppStore();
    await app.connect();
    expect(app.status).toBe('connected');
    expect(app.info?.version).toBe('v1');

    fake.emit('reconnecting');
    expect(app.status).toBe('reconnecting');
    fake.emit('connected');
    expect(app.status).toBe('connected');
    await vi.waitFor(() => expect(app.info?.version).toBe('v2'));
  });

  it('a drop during the first request shows as failed with DISCONNECTED, then follows the reconnect', async () => {
    fake.beforeInfo = () => {
      fake.beforeInfo = null;
      fake.emit('reconnecting');
    };
    const app = useAppStore();
    await expect(app.connect()).rejects.toMatchObject({ code: 'DISCONNECTED' });
    expect(app.status).toBe('failed');
    expect(app.error?.code).toBe('DISCONNECTED');
    fake.emit('connected');
    expect(app.status).toBe('connected');
    expect(app.error).toBeNull();
  });

  it('a closed carrier shows as failed, and retrying does not double the status listener', async () => {
    const app = useAppStore();
    await app.connect();
    fake.emit('closed');
    expect(app.status).toBe('failed');
    expect(app.error?.code).toBe('DISCONNECTED');
    fake.emit('connected');
    await app.connect();
    expect(fake.listeners()).toBe(1);
  });
});
