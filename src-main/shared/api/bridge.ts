// The one object the Electron preload exposes as `window.xendeck` (EH-6): frozen, three
// functions, contract names only. Replies cross contextBridge as plain envelopes because an
// Error's class does not survive it; the renderer's client rebuilds ApiError instances.
import type { Reply } from './errors';

export interface BridgeStream {
  readonly id: number;
  send(bytes: Uint8Array): void;
  onData(cb: (chunk: Uint8Array, ack: () => void) => void): void;
  onClose(cb: (reason?: string) => void): void;
  close(): void;
}

export interface XendeckBridge {
  /** `callId` (chosen by the caller, unique among its calls in flight) lets `cancel` name this call. */
  invoke(name: string, input: unknown, callId?: number): Promise<Reply<unknown>>;
  /** Cancels the call `callId`: it is answered CANCELLED at once; unknown or finished ids are ignored. */
  cancel(callId: number): void;
  /** Subscribes; `onError` hears if main refused the subscription. Returns the unsubscribe function. */
  on(name: string, cb: (payload: unknown) => void, onError?: (error: Reply<never> & { ok: false }) => void): () => void;
  openStream(name: string, args: unknown): Promise<Reply<BridgeStream>>;
}

/** IPC channel names, one per contract name, so the IPC binding serves exactly the contract. */
export const ipcChannel = {
  request: (name: string) => `xendeck:req:${name}`,
  subscribe: (name: string) => `xendeck:sub:${name}`,
  unsubscribe: (name: string) => `xendeck:unsub:${name}`,
  event: (name: string) => `xendeck:evt:${name}`,
  open: (name: string) => `xendeck:open:${name}`,
} as const;

/** The one channel that is not a contract name: it cancels a request in flight by its call id. */
export const IPC_CANCEL_CHANNEL = 'xendeck:cancel';

/** Call ids are safe non-negative integers; anything else is not a call id. */
export function isCallId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Messages on a stream's MessagePort (structured clones, not JSON). */
export type PortMessage =
  | { t: 'data'; bytes: Uint8Array }
  | { t: 'ack'; n: number }
  | { t: 'close'; reason?: string };

/** The channel the preload receives a stream's MessagePort on, paired with the open reply by stream id. */
export const IPC_PORT_CHANNEL = 'xendeck:port';

/**
 * A chunk ready for postMessage: structured clone copies a view's WHOLE backing buffer, so a
 * 64 KiB view into a 10 MB buffer would cost 10 MB per message. Views are copied to their size.
 */
export function compactChunk(bytes: Uint8Array): Uint8Array {
  // `new Uint8Array(view)` copies; `.slice()` would not on a Node Buffer.
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}
