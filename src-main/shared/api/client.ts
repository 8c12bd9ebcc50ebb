// What the renderer (and any other client) sees of the contract, whichever carrier carries it.
import type { EventName, EventPayload, RequestInput, RequestName, RequestOutput, StreamArgs, StreamName } from './contract';

export interface InvokeOptions {
  signal?: AbortSignal;
}

/** A byte stream with flow control: the receiver acknowledges what it has consumed. */
export interface StreamHandle {
  readonly id: number;
  send(bytes: Uint8Array): void;
  /** Called with each chunk; call `ack(chunk.byteLength)` once the chunk is consumed. */
  onData(cb: (chunk: Uint8Array, ack: () => void) => void): void;
  onClose(cb: (reason?: string) => void): void;
  close(): void;
}

/** The carrier's link to the core: the web carrier can lose and regain its WebSocket. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface ApiClient {
  readonly carrier: 'electron' | 'web';
  /** The link's current state; the Electron carrier is always 'connected'. */
  readonly status?: ConnectionStatus;
  /** Calls `cb` on every status change; returns the function that stops. */
  onStatus?(cb: (status: ConnectionStatus) => void): () => void;
  /**
   * Resolves with the result, rejects with an ApiError (shared/api/errors). Aborting
   * `opts.signal` cancels the request: it rejects with CANCELLED and the core's handler sees the abort.
   */
  invoke<N extends RequestName>(name: N, input: RequestInput<N>, opts?: InvokeOptions): Promise<RequestOutput<N>>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<N extends EventName>(name: N, cb: (payload: EventPayload<N>) => void): () => void;
  openStream<N extends StreamName>(name: N, args: StreamArgs<N>): Promise<StreamHandle>;
}
