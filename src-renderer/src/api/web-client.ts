// Browser mode carrier: the contract over one WebSocket (shared/api/wire.ts). Requests are
// matched to replies by id; subscriptions survive a reconnect (they are re-sent); open streams
// and pending requests end with DISCONNECTED when the socket drops, because their far side is gone.
import {
  ApiError,
  type ApiClient,
  type ConnectionStatus,
  type EventName,
  type EventPayload,
  type InvokeOptions,
  type Reply,
  type RequestInput,
  type RequestName,
  type RequestOutput,
  type StreamArgs,
  type StreamHandle,
  type StreamName,
} from '@shared/api';
import { StreamPeer } from '@shared/api/stream-peer';
import { decodeStreamData, encodeStreamData, parseServerFrame, type ClientFrame, type ServerFrame } from '@shared/api/wire';
import { cancelled, disconnected, unwrap } from './errors';

export interface WebClientOptions {
  /** ws://host:port/api?token=… */
  url: string;
  /** Injected by tests; the browser's WebSocket otherwise. */
  WebSocketImpl?: typeof WebSocket;
  /** Reconnect delays grow from this… */
  minDelayMs?: number;
  /** …to this. */
  maxDelayMs?: number;
}

interface Pending {
  resolve(reply: Reply<unknown>): void;
}

interface PendingOpen {
  resolve(h: StreamHandle): void;
  reject(e: unknown): void;
}

interface Sub {
  name: string;
  cb: (payload: unknown) => void;
}

export class WebClient implements ApiClient {
  readonly carrier = 'web' as const;
  private ws: WebSocket | null = null;
  private state: ConnectionStatus = 'connecting';
  private readonly statusCbs = new Set<(s: ConnectionStatus) => void>();
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly pendingOpens = new Map<number, PendingOpen>();
  private readonly subs = new Map<number, Sub>();
  private readonly streams = new Map<number, StreamPeer>();
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly opts: Required<Omit<WebClientOptions, 'WebSocketImpl'>> & { WebSocketImpl: typeof WebSocket };

  constructor(opts: WebClientOptions) {
    this.opts = {
      minDelayMs: 500,
      maxDelayMs: 10_000,
      WebSocketImpl: opts.WebSocketImpl ?? WebSocket,
      ...opts,
    } as WebClient['opts'];
  }

  get status(): ConnectionStatus {
    return this.state;
  }

  onStatus(cb: (s: ConnectionStatus) => void): () => void {
    this.statusCbs.add(cb);
    return () => this.statusCbs.delete(cb);
  }

  /** Opens the first connection; rejects if it cannot be made (then no retry happens). */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.dial(resolve, (e) => {
        this.setStatus('closed');
        reject(e);
      });
    });
  }

  /** Closes for good (no reconnect). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.setStatus('closed');
    this.ws?.close(1000, 'client closed');
    this.dropInFlight();
  }

  invoke<N extends RequestName>(name: N, input: RequestInput<N>, opts?: InvokeOptions): Promise<RequestOutput<N>> {
    const signal = opts?.signal;
    if (signal?.aborted) return Promise.reject(cancelled(name));
    if (this.state !== 'connected') return Promise.reject(disconnected());
    const id = this.nextId++;
    // The core answers a cancel at once with CANCELLED (its message says what may still happen).
    const onAbort = () => this.send({ t: 'cancel', id });
    return new Promise<Reply<unknown>>((resolve) => {
      this.pending.set(id, { resolve });
      this.send({ t: 'req', id, name, input });
      signal?.addEventListener('abort', onAbort, { once: true });
    })
      .finally(() => signal?.removeEventListener('abort', onAbort))
      .then((reply) => unwrap(reply) as RequestOutput<N>);
  }

  on<N extends EventName>(name: N, cb: (payload: EventPayload<N>) => void): () => void {
    const id = this.nextId++;
    this.subs.set(id, { name, cb: cb as (p: unknown) => void });
    if (this.state === 'connected') this.send({ t: 'sub', id, name });
    return () => {
      if (!this.subs.delete(id)) return;
      if (this.state === 'connected') this.send({ t: 'unsub', id });
    };
  }

  openStream<N extends StreamName>(name: N, args: StreamArgs<N>): Promise<StreamHandle> {
    if (this.state !== 'connected') return Promise.reject(disconnected());
    const id = this.nextId++;
    return new Promise<StreamHandle>((resolve, reject) => {
      this.pendingOpens.set(id, { resolve, reject });
      this.send({ t: 'open', id, name, args });
    });
  }

  private setStatus(s: ConnectionStatus): void {
    if (this.state === s) return;
    this.state = s;
    for (const cb of [...this.statusCbs]) cb(s);
  }

  private send(frame: ClientFrame): void {
    if (this.ws && this.ws.readyState === this.opts.WebSocketImpl.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private dial(onOpen?: () => void, onFirstFailure?: (e: ApiError) => void): void {
    const ws = new this.opts.WebSocketImpl(this.opts.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.attempts = 0;
      this.setStatus('connected');
      // Subscriptions outlive the socket: ask for them again on the new one.
      for (const [id, sub] of this.subs) this.send({ t: 'sub', id, name: sub.name });
      onOpen?.();
    };
    // A failed connection also fires close, where it is handled; nothing to do here.
    ws.onerror = () => undefined;
    ws.onmessage = (ev: MessageEvent) => this.onMessage(ev.data as string | ArrayBuffer);
    // Only the close code is read: typed structurally, so the integration tests can type-check this
    // client under Node's types (ws's WebSocket) without the DOM lib.
    ws.onclose = (ev: { code: number }) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.dropInFlight();
      if (this.state === 'closed') return;
      if (!opened && onFirstFailure) {
        onFirstFailure(
          new ApiError({
            code: 'UNAUTHORIZED',
            message: 'This page could not connect to the XenDeck core.',
            hint: 'Open the link `npm run web` printed (it carries the access token); if it stopped, start it again.',
            details: { closeCode: ev.code },
          }),
        );
        return;
      }
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    this.setStatus('reconnecting');
    const delay = Math.min(this.opts.maxDelayMs, this.opts.minDelayMs * 2 ** this.attempts);
    this.attempts += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.state !== 'closed') this.dial();
    }, delay);
  }

  private dropInFlight(): void {
    for (const p of this.pending.values()) p.resolve({ ok: false, error: disconnected().toInfo() });
    this.pending.clear();
    for (const p of this.pendingOpens.values()) p.reject(disconnected());
    this.pendingOpens.clear();
    for (const s of this.streams.values()) s.receiveClose('the connection to the XenDeck core was lost');
    this.streams.clear();
  }

  private onMessage(data: string | ArrayBuffer): void {
    if (typeof data !== 'string') {
      const decoded = decodeStreamData(new Uint8Array(data));
      if (!decoded.ok) return;
      const peer = this.streams.get(decoded.sid);
      if (peer && !peer.receiveData(decoded.payload)) this.streams.delete(decoded.sid);
      return;
    }
    const frame = parseServerFrame(data);
    if (frame) this.onFrame(frame);
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.t) {
      case 'res': {
        const p = this.pending.get(frame.id);
        if (p) {
          this.pending.delete(frame.id);
          p.resolve(frame.reply);
          return;
        }
        const o = this.pendingOpens.get(frame.id);
        if (o) {
          this.pendingOpens.delete(frame.id);
          try {
            unwrap(frame.reply);
            o.reject(new ApiError({ code: 'INTERNAL', message: 'The XenDeck core answered an open without a stream.' }));
          } catch (e) {
            o.reject(e);
          }
          return;
        }
        const sub = this.subs.get(frame.id);
        if (sub && !frame.reply.ok) {
          this.subs.delete(frame.id);
          console.warn(`[xendeck] subscription to ${sub.name} refused: ${frame.reply.error.message}`);
        }
        return;
      }
      case 'evt':
        this.subs.get(frame.id)?.cb(frame.payload);
        return;
      case 'opened': {
        const o = this.pendingOpens.get(frame.id);
        if (!o) return;
        this.pendingOpens.delete(frame.id);
        const sid = frame.sid;
        const ws = this.ws;
        const peer = new StreamPeer(sid, {
          data: (bytes) => ws?.send(encodeStreamData(sid, bytes)),
          ack: (n) => this.send({ t: 'ack', sid, n }),
          close: (reason) => {
            this.streams.delete(sid);
            this.send({ t: 'close', sid, ...(reason ? { reason } : {}) });
          },
        });
        this.streams.set(sid, peer);
        o.resolve(peer);
        return;
      }
      case 'ack':
        this.streams.get(frame.sid)?.receiveAck(frame.n);
        return;
      case 'close': {
        const peer = this.streams.get(frame.sid);
        this.streams.delete(frame.sid);
        peer?.receiveClose(frame.reason);
        return;
      }
      case 'err': {
        if (frame.id !== undefined) {
          const p = this.pending.get(frame.id);
          if (p) {
            this.pending.delete(frame.id);
            p.resolve({ ok: false, error: frame.error });
            return;
          }
        }
        if (frame.sid !== undefined) {
          const peer = this.streams.get(frame.sid);
          this.streams.delete(frame.sid);
          peer?.receiveClose(frame.error.message);
          return;
        }
        console.warn(`[xendeck] the core refused a frame: ${frame.error.message}`);
        return;
      }
    }
  }
}
