// The loopback throughput check: bytes go out through `diagnostics.loopback`, come back, and are
// compared with what was sent. Used by the Diagnostics page and by the e2e test hook.
import { ApiError, type ApiClient } from '@shared/api';

export interface LoopbackProgress {
  sent: number;
  received: number;
}

export interface LoopbackResult extends LoopbackProgress {
  total: number;
  seconds: number;
  mbPerSecond: number;
  sentSha256: string;
  receivedSha256: string;
  match: boolean;
}

export interface LoopbackOptions {
  totalBytes: number;
  chunkBytes?: number;
  /** Bytes allowed in flight (sent, not yet echoed): our own window on top of the carrier's flow control. */
  windowBytes?: number;
  onProgress?: (p: LoopbackProgress) => void;
}

// getRandomValues fills at most 65536 bytes per call.
const RANDOM_LIMIT = 65_536;

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let off = 0; off < n; off += RANDOM_LIMIT) {
    crypto.getRandomValues(out.subarray(off, Math.min(n, off + RANDOM_LIMIT)));
  }
  return out;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function runLoopback(client: ApiClient, opts: LoopbackOptions): Promise<LoopbackResult> {
  const total = opts.totalBytes;
  const chunkBytes = opts.chunkBytes ?? 64 * 1024;
  const windowBytes = opts.windowBytes ?? 1024 * 1024;
  const payload = randomBytes(total);
  const echoed = new Uint8Array(total);
  let sent = 0;
  let received = 0;
  let overflow = false;

  const stream = await client.openStream('diagnostics.loopback', {});
  const started = performance.now();

  try {
    await new Promise<void>((resolve, reject) => {
      let finished = false;
      const finish = (err?: Error) => {
        if (finished) return;
        finished = true;
        if (err) reject(err);
        else resolve();
      };

      const pump = () => {
        while (sent < total && sent - received < windowBytes) {
          const end = Math.min(total, sent + chunkBytes);
          // A copy per chunk: a carrier may transfer (detach) the buffer it is given.
          stream.send(payload.slice(sent, end));
          sent = end;
        }
        opts.onProgress?.({ sent, received });
      };

      stream.onData((chunk, ack) => {
        if (received + chunk.byteLength > total) {
          overflow = true;
          received += chunk.byteLength;
        } else {
          echoed.set(chunk, received);
          received += chunk.byteLength;
        }
        ack();
        if (received >= total) {
          opts.onProgress?.({ sent, received });
          finish();
        } else {
          pump();
        }
      });
      stream.onClose((reason) => {
        if (received < total) {
          const message = `The loopback stream closed after ${received} of ${total} bytes${reason ? `: ${reason}` : '.'}`;
          finish(new ApiError({ code: 'STREAM_CLOSED', message }));
        }
      });
      pump();
    });
  } finally {
    stream.close();
  }

  const seconds = (performance.now() - started) / 1000;
  const [sentSha256, receivedSha256] = await Promise.all([sha256Hex(payload), sha256Hex(echoed)]);
  return {
    total,
    sent,
    received,
    seconds,
    mbPerSecond: seconds > 0 ? total / 1_000_000 / seconds : 0,
    sentSha256,
    receivedSha256,
    match: !overflow && received === total && sentSha256 === receivedSha256,
  };
}
