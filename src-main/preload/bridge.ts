// The object the preload exposes as `window.xendeck` (EH-6), built from an injected ipcRenderer
// so it is tested under plain Node. It accepts contract names only: anything else is refused
// here, before any IPC happens, and main checks again.
import {
  ApiError,
  compactChunk,
  EVENT_NAMES,
  REQUEST_NAMES,
  STREAM_NAMES,
  IPC_CANCEL_CHANNEL,
  IPC_PORT_CHANNEL,
  ipcChannel,
  isCallId,
  type BridgeStream,
  type PortMessage,
  type Reply,
  type XendeckBridge,
} from '../shared/api';
import { StreamPeer } from '../shared/api/stream-peer';



/** The DOM MessagePort's shape, as far as the bridge uses it. */
export interface PortLike {
  onmessage: ((e: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  start?(): void;
  close(): void;
}

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: { ports?: readonly PortLike[] }, ...args: unknown[]) => void): unknown;
}

const requestNames = new Set<string>(REQUEST_NAMES);
const eventNames = new Set<string>(EVENT_NAMES);
const streamNames = new Set<string>(STREAM_NAMES);

function refused(kind: string, name: unknown): Reply<never> & { ok: false } {
  return {
    ok: false,
    error: new ApiError({ code: 'UNKNOWN_NAME', message: `There is no ${kind} named "${String(name).slice(0, 100)}".` }).toInfo(),
  };
}

function asReply(v: unknown): Reply<unknown> {
  if (typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean') return v as Reply<unknown>;
  return { ok: false, error: { code: 'INTERNAL', message: 'The XenDeck core sent a reply this window does not understand.' } };
}

export function createBridge(ipc: IpcRendererLike): XendeckBridge {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const ports = new Map<number, PortLike>();
  const waiting = new Map<number, (port: PortLike) => void>();

  ipc.on(IPC_PORT_CHANNEL, (event, msg) => {
    const sid = (msg as { sid?: unknown } | undefined)?.sid;
    const port = event.ports?.[0];
    if (typeof sid !== 'number' || !port) return;
    const w = waiting.get(sid);
    if (w) {
      waiting.delete(sid);
      w(port);
    } else ports.set(sid, port);
  });

  const portFor = (sid: number) =>
    new Promise<PortLike>((resolve) => {
      const p = ports.get(sid);
      if (p) {
        ports.delete(sid);
        resolve(p);
      } else waiting.set(sid, resolve);
    });

  function wrapPort(sid: number, port: PortLike): BridgeStream {
    const peer = new StreamPeer(sid, {
      data: (bytes) => port.postMessage({ t: 'data', bytes: compactChunk(bytes) } satisfies PortMessage),
      ack: (n) => port.postMessage({ t: 'ack', n } satisfies PortMessage),
      close: (reason) => {
        port.postMessage({ t: 'close', ...(reason ? { reason } : {}) } satisfies PortMessage);
        port.close();
      },
    });
    port.onmessage = ({ data }) => {
      const m = data as PortMessage;
      if (m?.t === 'data' && m.bytes instanceof Uint8Array) peer.receiveData(m.bytes);
      else if (m?.t === 'ack' && typeof m.n === 'number') peer.receiveAck(m.n);
      else if (m?.t === 'close') {
        peer.receiveClose(typeof m.reason === 'string' ? m.reason : undefined);
        port.close();
      }
    };
    port.start?.();
    // Plain functions only: this object crosses contextBridge.
    return Object.freeze({
      id: sid,
      send: (bytes: Uint8Array) => peer.send(bytes),
      onData: (cb: (chunk: Uint8Array, ack: () => void) => void) => peer.onData(cb),
      onClose: (cb: (reason?: string) => void) => peer.onClose(cb),
      close: () => peer.close(),
    });
  }

  return Object.freeze({
    async invoke(name: string, input: unknown, callId?: number): Promise<Reply<unknown>> {
      if (typeof name !== 'string' || !requestNames.has(name)) return refused('request', name);
      const args = isCallId(callId) ? [input, callId] : [input];
      return asReply(await ipc.invoke(ipcChannel.request(name), ...args));
    },

    cancel(callId: number): void {
      if (!isCallId(callId)) return;
      // The cancelled call's own reply carries the outcome; this one has nothing to say.
      void ipc.invoke(IPC_CANCEL_CHANNEL, callId).catch(() => undefined);
    },

    on(name: string, cb: (payload: unknown) => void, onError?: (e: Reply<never> & { ok: false }) => void): () => void {
      if (typeof name !== 'string' || !eventNames.has(name) || typeof cb !== 'function') {
        onError?.(refused('event', name));
        return () => undefined;
      }
      let set = listeners.get(name);
      if (!set) {
        const fresh = new Set<(p: unknown) => void>();
        listeners.set(name, fresh);
        set = fresh;
        ipc.on(ipcChannel.event(name), (_e, payload) => {
          for (const l of [...fresh]) l(payload);
        });
      }
      const first = set.size === 0;
      set.add(cb);
      if (first) {
        void ipc.invoke(ipcChannel.subscribe(name)).then((r) => {
          const reply = asReply(r);
          if (!reply.ok) onError?.(reply);
        });
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        const s = listeners.get(name);
        s?.delete(cb);
        if (s && s.size === 0) void ipc.invoke(ipcChannel.unsubscribe(name));
      };
    },

    async openStream(name: string, args: unknown): Promise<Reply<BridgeStream>> {
      if (typeof name !== 'string' || !streamNames.has(name)) return refused('stream', name);
      const reply = asReply(await ipc.invoke(ipcChannel.open(name), args));
      if (!reply.ok) return reply;
      const sid = (reply.result as { sid?: unknown } | null)?.sid;
      if (typeof sid !== 'number') return asReply(null) as Reply<never>;
      return { ok: true, result: wrapPort(sid, await portFor(sid)) };
    },
  });
}
