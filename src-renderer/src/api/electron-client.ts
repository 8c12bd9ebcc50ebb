// Electron carrier: the preload's frozen `window.xendeck` object (EH-6). Replies arrive as plain
// envelopes and are turned back into results or ApiError instances here.
import { type ApiClient, type InvokeOptions, type EventName, type EventPayload, type RequestInput, type RequestName, type RequestOutput, type StreamArgs, type StreamHandle, type StreamName, type XendeckBridge } from '@shared/api';
import { cancelled, unwrap } from './errors';

export class ElectronClient implements ApiClient {
  readonly carrier = 'electron' as const;
  readonly status = 'connected' as const;
  private readonly bridge: XendeckBridge;
  private nextCallId = 1;

  constructor(bridge: XendeckBridge) {
    this.bridge = bridge;
  }

  onStatus(): () => void {
    // IPC to the own main process does not drop; the status never changes.
    return () => undefined;
  }

  async invoke<N extends RequestName>(name: N, input: RequestInput<N>, opts?: InvokeOptions): Promise<RequestOutput<N>> {
    const signal = opts?.signal;
    if (!signal) return unwrap(await this.bridge.invoke(name, input)) as RequestOutput<N>;
    if (signal.aborted) throw cancelled(name);
    const callId = this.nextCallId++;
    // Main answers a cancelled call at once with CANCELLED, which settles the invoke below.
    const onAbort = () => this.bridge.cancel(callId);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return unwrap(await this.bridge.invoke(name, input, callId)) as RequestOutput<N>;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  on<N extends EventName>(name: N, cb: (payload: EventPayload<N>) => void): () => void {
    return this.bridge.on(name, cb as (p: unknown) => void, (refused) => {
      console.warn(`[xendeck] subscription to ${name} refused: ${refused.error.message}`);
    });
  }

  async openStream<N extends StreamName>(name: N, args: StreamArgs<N>): Promise<StreamHandle> {
    return unwrap(await this.bridge.openStream(name, args));
  }
}
