// `diagnostics.loopback`: echoes every byte back. Backpressure passes through: a chunk is
// acknowledged only once its echo could be queued without exceeding the flow window, so a
// client that stops reading also stops its own sender.
import type { StreamPeer } from '../../shared/api/stream-peer';

export function serveLoopback(peer: StreamPeer): void {
  peer.onData((chunk, ack) => {
    if (peer.isClosed) return;
    peer.send(chunk);
    peer.whenWritable(ack);
  });
}
