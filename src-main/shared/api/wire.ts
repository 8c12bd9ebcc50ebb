// The browser-mode wire protocol: one WebSocket carries the whole contract. JSON text frames for
// requests, replies, subscriptions, events and stream control; binary frames for stream bytes,
// each prefixed with a tag and the stream id. Pure: used by the web server and the renderer.
import { z } from 'zod';
import type { ApiErrorInfo, Reply } from './errors';

/** A text or binary frame larger than this is refused with FRAME_TOO_LARGE and the socket closed. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** Stream bytes are sent in chunks of at most this size. */
export const STREAM_CHUNK_BYTES = 64 * 1024;
/** A sender pauses when this many bytes are unacknowledged… */
export const STREAM_HIGH_WATER = 1024 * 1024;
/** …and resumes when the unacknowledged bytes fall to this. */
export const STREAM_LOW_WATER = 256 * 1024;

const id = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const sid = z.number().int().min(1).max(0xffff_ffff);
const name = z.string().min(1).max(200);

/** Frames a client sends as JSON text. */
export const ClientFrame = z.discriminatedUnion('t', [
  z.object({ t: z.literal('req'), id, name, input: z.unknown() }).strict(),
  z.object({ t: z.literal('sub'), id, name }).strict(),
  z.object({ t: z.literal('unsub'), id }).strict(),
  // Cancels request `id`: its reply is CANCELLED at once; an unknown or finished id is ignored.
  z.object({ t: z.literal('cancel'), id }).strict(),
  z.object({ t: z.literal('open'), id, name, args: z.unknown() }).strict(),
  z.object({ t: z.literal('ack'), sid, n: z.number().int().min(1).max(MAX_FRAME_BYTES * 64) }).strict(),
  z.object({ t: z.literal('close'), sid, reason: z.string().max(1000).optional() }).strict(),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

const errorInfo = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
const reply = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorInfo }),
]);

/** Frames the server sends as JSON text. `err` reports a frame-level error not tied to a request. */
export const ServerFrame = z.discriminatedUnion('t', [
  z.object({ t: z.literal('res'), id, reply }),
  z.object({ t: z.literal('evt'), id, name, payload: z.unknown() }),
  z.object({ t: z.literal('opened'), id, sid }),
  z.object({ t: z.literal('ack'), sid, n: z.number().int().min(1) }),
  z.object({ t: z.literal('close'), sid, reason: z.string().optional() }),
  z.object({ t: z.literal('err'), error: errorInfo, id: id.optional(), sid: sid.optional() }),
]);
export type ServerFrame =
  | { t: 'res'; id: number; reply: Reply<unknown> }
  | { t: 'evt'; id: number; name: string; payload: unknown }
  | { t: 'opened'; id: number; sid: number }
  | { t: 'ack'; sid: number; n: number }
  | { t: 'close'; sid: number; reason?: string }
  | { t: 'err'; error: ApiErrorInfo; id?: number; sid?: number };

/** Binary frame tags. Only stream data exists today; the tag leaves room for more. */
export const BIN_TAG_DATA = 1;
export const BIN_HEADER_BYTES = 5;

export function encodeStreamData(streamId: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(BIN_HEADER_BYTES + payload.byteLength);
  out[0] = BIN_TAG_DATA;
  new DataView(out.buffer).setUint32(1, streamId, false);
  out.set(payload, BIN_HEADER_BYTES);
  return out;
}

export type DecodedBinary = { ok: true; sid: number; payload: Uint8Array } | { ok: false; reason: string };

/** Decodes a binary frame without copying its payload. */
export function decodeStreamData(frame: Uint8Array): DecodedBinary {
  if (frame.byteLength < BIN_HEADER_BYTES) return { ok: false, reason: `a binary frame needs a ${BIN_HEADER_BYTES}-byte header` };
  if (frame[0] !== BIN_TAG_DATA) return { ok: false, reason: `unknown binary frame tag ${frame[0]}` };
  const streamId = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(1, false);
  if (streamId === 0) return { ok: false, reason: 'stream id 0 is never used' };
  return { ok: true, sid: streamId, payload: frame.subarray(BIN_HEADER_BYTES) };
}

/** Parses a text frame from a client; the error names what is wrong in one sentence. */
export function parseClientFrame(text: string): { ok: true; frame: ClientFrame } | { ok: false; reason: string; id?: number } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the frame is not JSON' };
  }
  const parsed = ClientFrame.safeParse(raw);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const maybeId = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return {
    ok: false,
    reason: `the frame is not a valid client frame${where}: ${issue?.message ?? 'unknown shape'}`,
    ...(typeof maybeId === 'number' && Number.isSafeInteger(maybeId) ? { id: maybeId } : {}),
  };
}

/** Parses a text frame from the server (the renderer's side). */
export function parseServerFrame(text: string): ServerFrame | null {
  try {
    const parsed = ServerFrame.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as ServerFrame) : null;
  } catch {
    return null;
  }
}
