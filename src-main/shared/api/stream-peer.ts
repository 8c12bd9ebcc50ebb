// One end of a byte stream with acknowledgement-based flow control, the same on every carrier
// (WebSocket in browser mode, MessagePort in Electron) and on both sides (main and renderer).
// The sender transmits while fewer than `highWater` bytes are unacknowledged, then pauses and
// queues; it resumes once the receiver has acknowledged down to `lowWater`. The receiver
// acknowledges each chunk when it has consumed it, so a slow consumer slows the producer.
import { ApiError } from './errors';
import type { StreamHandle } from './client';
import { STREAM_CHUNK_BYTES, STREAM_HIGH_WATER, STREAM_LOW_WATER } from './wire';

/** What a carrier does with what the peer wants to transmit. */
export interface StreamTransport {
  data(bytes: Uint8Array): void;
  ack(n: number): void;
  close(reason?: string): void;
}

export interface FlowOptions {
  highWater: number;
  lowWater: number;
  chunkBytes: number;
}

export const DEFAULT_FLOW: FlowOptions = {
  highWater: STREAM_HIGH_WATER,
  lowWater: STREAM_LOW_WATER,
  chunkBytes: STREAM_CHUNK_BYTES,
};

type DataCb = (chunk: Uint8Array, ack: () => void) => void;
type CloseCb = (reason?: string) => void;

export class StreamPeer implements StreamHandle {
  readonly id: number;
  private readonly transport: StreamTransport;
  private readonly flow: FlowOptions;
  private readonly queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private unackedOut = 0;
  private pausedOut = false;
  private unackedIn = 0;
  private closed = false;
  private closeReason: string | undefined;
  private dataCb: DataCb | null = null;
  private readonly inbox: Uint8Array[] = [];
  private readonly closeCbs: CloseCb[] = [];
  private writableCbs: (() => void)[] = [];
  /** The most bytes ever in flight unacknowledged (for tests and diagnostics). */
  maxUnacked = 0;

  constructor(id: number, transport: StreamTransport, flow: FlowOptions = DEFAULT_FLOW) {
    this.id = id;
    this.transport = transport;
    this.flow = flow;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Bytes transmitted but not yet acknowledged by the other side. */
  get unacked(): number {
    return this.unackedOut;
  }

  /** Bytes received and handed to onData but not yet acknowledged by this side. */
  get unackedInbound(): number {
    return this.unackedIn;
  }

  /** True while nothing waits in the queue and the sender is not paused. */
  get writable(): boolean {
    return !this.closed && !this.pausedOut && this.queuedBytes === 0;
  }

  /** Queues bytes; they are transmitted in chunks as the flow window allows. */
  send(bytes: Uint8Array): void {
    if (this.closed) {
      throw new ApiError({
        code: 'STREAM_CLOSED',
        message: `Stream ${this.id} is closed${this.closeReason ? `: ${this.closeReason}` : '.'}`,
        hint: 'Open the stream again.',
      });
    }
    for (let off = 0; off < bytes.byteLength; off += this.flow.chunkBytes) {
      const chunk = bytes.subarray(off, Math.min(bytes.byteLength, off + this.flow.chunkBytes));
      this.queue.push(chunk);
      this.queuedBytes += chunk.byteLength;
    }
    this.pump();
  }

  /** Calls `cb` now if writable, else once the queue has drained below the low-water mark. */
  whenWritable(cb: () => void): void {
    if (this.writable) cb();
    else if (!this.closed) this.writableCbs.push(cb);
  }

  onData(cb: DataCb): void {
    this.dataCb = cb;
    while (this.inbox.length > 0 && this.dataCb === cb && !this.closed) this.deliver(this.inbox.shift() as Uint8Array);
  }

  onClose(cb: CloseCb): void {
    if (this.closed) cb(this.closeReason);
    else this.closeCbs.push(cb);
  }

  close(reason?: string): void {
    if (this.closed) return;
    this.transport.close(reason);
    this.finish(reason);
  }

  /** The carrier delivers bytes from the other side. Returns false if the sender broke flow control. */
  receiveData(bytes: Uint8Array): boolean {
    if (this.closed) return true;
    // The sender may have at most highWater + one chunk in flight; more means it ignores our acks.
    if (this.unackedIn + bytes.byteLength > this.flow.highWater + this.flow.chunkBytes) {
      this.close('the sender ignored flow control');
      return false;
    }
    this.unackedIn += bytes.byteLength;
    if (this.dataCb) this.deliver(bytes);
    else this.inbox.push(bytes);
    return true;
  }

  /** The carrier delivers an acknowledgement from the other side. */
  receiveAck(n: number): void {
    this.unackedOut = Math.max(0, this.unackedOut - n);
    if (this.pausedOut && this.unackedOut <= this.flow.lowWater) this.pausedOut = false;
    this.pump();
  }

  /** The carrier reports that the other side closed (or the connection is gone). */
  receiveClose(reason?: string): void {
    this.finish(reason);
  }

  private deliver(chunk: Uint8Array): void {
    let acked = false;
    const ack = () => {
      if (acked || this.closed) return;
      acked = true;
      this.unackedIn -= chunk.byteLength;
      this.transport.ack(chunk.byteLength);
    };
    (this.dataCb as DataCb)(chunk, ack);
  }

  private pump(): void {
    while (!this.closed && !this.pausedOut && this.queue.length > 0) {
      const chunk = this.queue.shift() as Uint8Array;
      this.queuedBytes -= chunk.byteLength;
      this.unackedOut += chunk.byteLength;
      if (this.unackedOut > this.maxUnacked) this.maxUnacked = this.unackedOut;
      if (this.unackedOut >= this.flow.highWater) this.pausedOut = true;
      this.transport.data(chunk);
    }
    if (this.writable && this.writableCbs.length > 0) {
      const cbs = this.writableCbs;
      this.writableCbs = [];
      for (const cb of cbs) cb();
    }
  }

  private finish(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.inbox.length = 0;
    this.writableCbs = [];
    for (const cb of this.closeCbs.splice(0)) cb(reason);
  }
}
