// The Electron carrier: the contract bound to IPC. One channel per contract name (so the
// channel list IS the contract, checked by a test), every handler behind one wrapper that checks
// the sender (EH-6), events pushed with webContents.send, streams over MessageChannelMain ports
// with the same ack-based flow control as browser mode. Electron is injected, so this module is
// tested under plain Node with fakes.
import {
  ApiError,
  compactChunk,
  EVENT_NAMES,
  IPC_CANCEL_CHANNEL,
  IPC_PORT_CHANNEL,
  REQUEST_NAMES,
  STREAM_NAMES,
  ipcChannel,
  isCallId,
  type PortMessage,
  type Reply,
} from '../../shared/api';
import { StreamPeer } from '../../shared/api/stream-peer';
import { MAX_FRAME_BYTES } from '../../shared/api/wire';
import type { CallContext, Dispatcher } from '../../core/dispatch/dispatcher';
import { checkSender, type TrustPolicy } from './sender-check';

export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  postMessage(channel: string, message: unknown, transfer?: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface InvokeEventLike {
  sender: WebContentsLike;
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
}

export interface PortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

export interface IpcBindingOptions {
  ipcMain: IpcMainLike;
  dispatcher: Dispatcher;
  policy: TrustPolicy;
  /** `() => new MessageChannelMain()` in the app. */
  createChannel: () => { port1: PortLike; port2: unknown };
}




function unauthorized(): ApiError {
  return new ApiError({ code: 'UNAUTHORIZED', message: 'This window may not call the XenDeck core.', hint: 'Only the XenDeck main window may; restart the app.' });
}

function failure(e: unknown): Reply<never> {
  const err = e instanceof ApiError ? e : new ApiError({ code: 'INTERNAL', message: 'XenDeck hit an internal error while doing this.' });
  return { ok: false, error: err.toInfo() };
}

function isPortMessage(v: unknown): v is PortMessage {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  switch (m.t) {
    case 'data':
      return m.bytes instanceof Uint8Array && m.bytes.byteLength <= MAX_FRAME_BYTES;
    case 'ack':
      return typeof m.n === 'number' && Number.isSafeInteger(m.n) && m.n > 0;
    case 'close':
      return m.reason === undefined || typeof m.reason === 'string';
    default:
      return false;
  }
}

/** Registers every channel; returns the list of channels registered (for logs and tests). */
export function bindIpc(opts: IpcBindingOptions): string[] {
  const { ipcMain, dispatcher, policy } = opts;
  opts.dispatcher.assertComplete();
  const channels: string[] = [];
  const subs = new Map<number, Map<string, () => void>>();
  const streamsBy = new Map<number, Map<number, StreamPeer>>();
  /** Requests in flight per window, by the renderer's call id, so they can be cancelled. */
  const callsBy = new Map<number, Map<number, AbortController>>();
  let nextSid = 1;

  const ctxOf = (e: InvokeEventLike): CallContext => ({ carrier: 'electron', client: `webContents#${e.sender.id}` });

  const trackCleanup = (wc: WebContentsLike) => {
    if (subs.has(wc.id) || streamsBy.has(wc.id)) return;
    subs.set(wc.id, new Map());
    streamsBy.set(wc.id, new Map());
    callsBy.set(wc.id, new Map());
    wc.once('destroyed', () => {
      for (const stop of subs.get(wc.id)?.values() ?? []) stop();
      for (const peer of streamsBy.get(wc.id)?.values() ?? []) peer.receiveClose('window closed');
      for (const ac of callsBy.get(wc.id)?.values() ?? []) ac.abort();
      subs.delete(wc.id);
      streamsBy.delete(wc.id);
      callsBy.delete(wc.id);
    });
  };

  /** The one wrapper every handler goes through (EH-6). */
  const guarded = (channel: string, fn: (e: InvokeEventLike, arg: unknown, extra: unknown) => Promise<Reply<unknown>> | Reply<unknown>) => {
    channels.push(channel);
    ipcMain.handle(channel, async (event, arg, extra) => {
      const verdict = checkSender(
        { frameUrl: event.senderFrame?.url ?? null, isTopFrame: event.senderFrame?.parent === null, webContentsId: event.sender.id },
        policy,
      );
      if (!verdict.ok) {
        dispatcher.log.warn(`refused IPC ${channel}: ${verdict.reason}`);
        return failure(unauthorized());
      }
      try {
        return await fn(event, arg, extra);
      } catch (e) {
        if (!(e instanceof ApiError)) dispatcher.log.error(`IPC ${channel} failed`, e);
        return failure(e);
      }
    });
  };

  for (const name of REQUEST_NAMES) {
    guarded(ipcChannel.request(name), async (e, input, callId) => {
      if (!isCallId(callId)) return dispatcher.request(name, input, ctxOf(e));
      trackCleanup(e.sender);
      const mine = callsBy.get(e.sender.id) as Map<number, AbortController>;
      const ac = new AbortController();
      mine.set(callId, ac);
      try {
        return await dispatcher.request(name, input, ctxOf(e), ac.signal);
      } finally {
        if (mine.get(callId) === ac) mine.delete(callId);
      }
    });
  }

  // Behind the same sender check: only the window that may call may cancel, and only its own calls.
  guarded(IPC_CANCEL_CHANNEL, (e, callId) => {
    if (isCallId(callId)) callsBy.get(e.sender.id)?.get(callId)?.abort();
    return { ok: true, result: null };
  });

  for (const name of EVENT_NAMES) {
    guarded(ipcChannel.subscribe(name), (e) => {
      const wc = e.sender;
      trackCleanup(wc);
      const mine = subs.get(wc.id) as Map<string, () => void>;
      if (!mine.has(name)) {
        const stop = dispatcher.subscribe(name, (payload) => {
          if (!wc.isDestroyed()) wc.send(ipcChannel.event(name), payload);
        }, ctxOf(e));
        mine.set(name, stop);
      }
      return { ok: true, result: null };
    });
    guarded(ipcChannel.unsubscribe(name), (e) => {
      const mine = subs.get(e.sender.id);
      mine?.get(name)?.();
      mine?.delete(name);
      return { ok: true, result: null };
    });
  }

  for (const name of STREAM_NAMES) {
    guarded(ipcChannel.open(name), (e, args) => {
      const wc = e.sender;
      trackCleanup(wc);
      const mine = streamsBy.get(wc.id) as Map<number, StreamPeer>;
      const sid = nextSid++;
      const { port1, port2 } = opts.createChannel();
      const peer = new StreamPeer(sid, {
        data: (bytes) => port1.postMessage({ t: 'data', bytes: compactChunk(bytes) } satisfies PortMessage),
        ack: (n) => port1.postMessage({ t: 'ack', n } satisfies PortMessage),
        close: (reason) => {
          mine.delete(sid);
          port1.postMessage({ t: 'close', ...(reason ? { reason } : {}) } satisfies PortMessage);
          port1.close();
        },
      });
      port1.on('message', ({ data }) => {
        if (!isPortMessage(data)) {
          peer.close('a malformed stream message');
          return;
        }
        if (data.t === 'data') peer.receiveData(data.bytes);
        else if (data.t === 'ack') peer.receiveAck(data.n);
        else {
          mine.delete(sid);
          peer.receiveClose(data.reason);
          port1.close();
        }
      });
      port1.on('close', () => {
        mine.delete(sid);
        peer.receiveClose('the window closed the stream');
      });
      try {
        dispatcher.openStream(name, args, peer, ctxOf(e));
      } catch (err) {
        port1.close();
        throw err;
      }
      mine.set(sid, peer);
      // The port travels beside the reply; the preload pairs them by stream id.
      wc.postMessage(IPC_PORT_CHANNEL, { sid }, [port2]);
      port1.start();
      return { ok: true, result: { sid } };
    });
  }

  return channels;
}
