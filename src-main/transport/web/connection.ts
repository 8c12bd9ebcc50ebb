// One browser-mode WebSocket connection: the contract over JSON text frames and tagged binary
// frames (shared/api/wire.ts). Every bad frame gets a typed error or closes this connection;
// nothing a client sends can throw out of here, so one bad client never affects another.
import type { RawData, WebSocket } from 'ws';
import { ApiError, type ApiErrorInfo } from '../../shared/api/errors';
import { StreamPeer } from '../../shared/api/stream-peer';
import {
  decodeStreamData,
  encodeStreamData,
  MAX_FRAME_BYTES,
  parseClientFrame,
  type ClientFrame,
  type ServerFrame,
} from '../../shared/api/wire';
import type { CallContext, Dispatcher } from '../../core/dispatch/dispatcher';
import { createTokenBucket, type TokenBucket } from '../rate-limit';

export interface ConnectionLimits {
  maxFrameBytes: number;
  /** Control frames (req, sub, unsub, open) allowed at once, and refilled per second. */
  burst: number;
  perSecond: number;
  /** Bad or refused frames tolerated at once, and refilled per second, before the socket is closed. */
  errorBurst: number;
  errorsPerSecond: number;
  maxSubscriptions: number;
  maxStreams: number;
  /** Bytes waiting in the socket's send buffer beyond which the client counts as stalled. */
  maxBufferedBytes: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  maxFrameBytes: MAX_FRAME_BYTES,
  burst: 200,
  perSecond: 100,
  errorBurst: 100,
  errorsPerSecond: 10,
  maxSubscriptions: 256,
  maxStreams: 64,
  maxBufferedBytes: 64 * 1024 * 1024,
};

/** WebSocket close codes used here (RFC 6455). */
export const CLOSE_POLICY = 1008;
export const CLOSE_TOO_BIG = 1009;
export const CLOSE_GOING_AWAY = 1001;

function err(code: ApiErrorInfo['code'], message: string, hint?: string): ApiErrorInfo {
  return new ApiError({ code, message, ...(hint ? { hint } : {}) }).toInfo();
}

function rawToBytes(data: RawData): Uint8Array {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return new Uint8Array(data);
}

export function serveConnection(ws: WebSocket, dispatcher: Dispatcher, ctx: CallContext, limits: ConnectionLimits = DEFAULT_LIMITS): void {
  const subs = new Map<number, () => void>();
  const streams = new Map<number, StreamPeer>();
  /** Requests in flight, by the client's id, so a `cancel` frame or a disconnect can abort them. */
  const inFlight = new Map<number, AbortController>();
  const control: TokenBucket = createTokenBucket(limits.burst, limits.perSecond);
  const errors: TokenBucket = createTokenBucket(limits.errorBurst, limits.errorsPerSecond);
  let nextSid = 1;
  let closed = false;

  const close = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    cleanup(reason);
    ws.close(code, reason);
  };

  const sendRaw = (data: string | Uint8Array) => {
    if (closed || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > limits.maxBufferedBytes) {
      dispatcher.log.warn(`${ctx.client} stopped reading; closing it`);
      close(CLOSE_POLICY, 'client stalled');
      return;
    }
    ws.send(data);
  };
  const sendFrame = (frame: ServerFrame) => sendRaw(JSON.stringify(frame));

  /** Reports a bad frame; too many of them close the connection. */
  const refuse = (error: ApiErrorInfo, ids: { id?: number; sid?: number } = {}) => {
    if (!errors.take()) {
      close(CLOSE_POLICY, 'too many bad frames');
      return;
    }
    if (ids.id !== undefined && error.code !== 'FRAME_INVALID' && error.code !== 'STREAM_NOT_FOUND') {
      sendFrame({ t: 'res', id: ids.id, reply: { ok: false, error } });
    } else {
      sendFrame({ t: 'err', error, ...ids });
    }
  };

  function cleanup(reason: string): void {
    for (const ac of inFlight.values()) ac.abort();
    inFlight.clear();
    for (const stop of subs.values()) stop();
    subs.clear();
    for (const peer of streams.values()) peer.receiveClose(reason);
    streams.clear();
  }

  function openStream(id: number, name: string, args: unknown): void {
    if (streams.size >= limits.maxStreams) {
      sendFrame({ t: 'res', id, reply: { ok: false, error: err('RATE_LIMITED', `This connection already has ${limits.maxStreams} open streams.`, 'Close a console or display first.') } });
      return;
    }
    const sid = nextSid++;
    // Bytes a handler sends before `opened` has gone out wait here, so the client never sees
    // data for a stream it does not know yet.
    let early: Uint8Array[] | null = [];
    const peer = new StreamPeer(sid, {
      data: (bytes) => {
        const frame = encodeStreamData(sid, bytes);
        if (early) early.push(frame);
        else sendRaw(frame);
      },
      ack: (n) => sendFrame({ t: 'ack', sid, n }),
      close: (reason) => {
        streams.delete(sid);
        sendFrame({ t: 'close', sid, ...(reason ? { reason } : {}) });
      },
    });
    streams.set(sid, peer);
    try {
      dispatcher.openStream(name, args, peer, ctx);
    } catch (e) {
      streams.delete(sid);
      peer.receiveClose('open failed');
      const info = e instanceof ApiError ? e.toInfo() : err('INTERNAL', 'XenDeck hit an internal error while opening the stream.');
      sendFrame({ t: 'res', id, reply: { ok: false, error: info } });
      return;
    }
    sendFrame({ t: 'opened', id, sid });
    const pending = early;
    early = null;
    for (const f of pending) sendRaw(f);
  }

  function onControl(frame: ClientFrame): void {
    if (frame.t === 'ack' || frame.t === 'close') {
      const peer = streams.get(frame.sid);
      if (!peer) {
        refuse(err('STREAM_NOT_FOUND', `There is no open stream ${frame.sid} on this connection.`, 'The stream was closed; open it again.'), { sid: frame.sid });
        return;
      }
      if (frame.t === 'ack') peer.receiveAck(frame.n);
      else {
        streams.delete(frame.sid);
        peer.receiveClose(frame.reason);
      }
      return;
    }
    if (frame.t === 'cancel') {
      // Not rate-limited: it only ever ends work. Unknown and finished ids are ignored.
      inFlight.get(frame.id)?.abort();
      return;
    }
    if (!control.take()) {
      refuse(err('RATE_LIMITED', 'Too many requests on this connection.', 'Slow down and try again in a moment.'), { id: frame.id });
      return;
    }
    switch (frame.t) {
      case 'req': {
        const id = frame.id;
        const ac = new AbortController();
        // A client reusing an id in flight can no longer cancel the earlier request; that is its own doing.
        inFlight.set(id, ac);
        void dispatcher.request(frame.name, frame.input, ctx, ac.signal).then((reply) => {
          if (inFlight.get(id) === ac) inFlight.delete(id);
          sendFrame({ t: 'res', id, reply });
        });
        return;
      }
      case 'sub': {
        if (subs.has(frame.id)) {
          refuse(err('FRAME_INVALID', `Subscription ${frame.id} already exists on this connection.`), { id: frame.id });
          return;
        }
        if (subs.size >= limits.maxSubscriptions) {
          sendFrame({ t: 'res', id: frame.id, reply: { ok: false, error: err('RATE_LIMITED', `This connection already has ${limits.maxSubscriptions} subscriptions.`) } });
          return;
        }
        try {
          const subId = frame.id;
          const name = frame.name;
          const stop = dispatcher.subscribe(name, (payload) => sendFrame({ t: 'evt', id: subId, name, payload }), ctx);
          subs.set(subId, stop);
          sendFrame({ t: 'res', id: subId, reply: { ok: true, result: null } });
        } catch (e) {
          const info = e instanceof ApiError ? e.toInfo() : err('INTERNAL', 'XenDeck hit an internal error while subscribing.');
          sendFrame({ t: 'res', id: frame.id, reply: { ok: false, error: info } });
        }
        return;
      }
      case 'unsub': {
        const stop = subs.get(frame.id);
        subs.delete(frame.id);
        stop?.();
        return;
      }
      case 'open':
        openStream(frame.id, frame.name, frame.args);
        return;
    }
  }

  function onMessage(data: RawData, isBinary: boolean): void {
    if (closed) return;
    const bytes = rawToBytes(data);
    if (bytes.byteLength > limits.maxFrameBytes) {
      sendFrame({ t: 'err', error: err('FRAME_TOO_LARGE', `A frame of ${bytes.byteLength} bytes exceeds the limit of ${limits.maxFrameBytes} bytes.`, 'Send stream bytes in smaller chunks.') });
      close(CLOSE_TOO_BIG, 'FRAME_TOO_LARGE');
      return;
    }
    if (isBinary) {
      const decoded = decodeStreamData(bytes);
      if (!decoded.ok) {
        refuse(err('FRAME_INVALID', `A binary frame was refused: ${decoded.reason}.`));
        return;
      }
      const peer = streams.get(decoded.sid);
      if (!peer) {
        refuse(err('STREAM_NOT_FOUND', `There is no open stream ${decoded.sid} on this connection.`, 'The stream was closed; open it again.'), { sid: decoded.sid });
        return;
      }
      // Copy: ws may reuse the buffer, and the handler may keep the chunk.
      if (!peer.receiveData(Uint8Array.prototype.slice.call(decoded.payload))) streams.delete(decoded.sid);
      return;
    }
    const parsed = parseClientFrame(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    if (!parsed.ok) {
      refuse(err('FRAME_INVALID', `A frame was refused: ${parsed.reason}.`, 'The client and XenDeck may be different versions; reload the page.'), parsed.id !== undefined ? { id: parsed.id } : {});
      return;
    }
    onControl(parsed.frame);
  }

  ws.on('message', (data, isBinary) => {
    try {
      onMessage(data, isBinary);
    } catch (e) {
      // A bug here must cost this client its connection, never the process.
      dispatcher.log.error(`handling a frame from ${ctx.client} failed`, e);
      close(1011, 'internal error');
    }
  });
  ws.on('error', (e) => dispatcher.log.warn(`${ctx.client}: ${e.message}`));
  ws.on('close', () => {
    if (closed) return;
    closed = true;
    cleanup('connection closed');
  });
}
