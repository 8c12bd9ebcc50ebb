// The one dispatcher both carriers call. It knows the contract's names, validates every input
// with the contract's schema before a handler runs, and turns every failure into a typed error:
// INVALID_INPUT, UNKNOWN_NAME, the handler's own ApiError, or INTERNAL (stack logged here, never sent).
import type { z } from 'zod';
import {
  ApiError,
  contract,
  EVENT_NAMES,
  REQUEST_NAMES,
  STREAM_NAMES,
  type EventName,
  type EventPayload,
  type Reply,
  type RequestName,
  type RequestOutput,
  type StreamName,
} from '../../shared/api';
import type { StreamPeer } from '../../shared/api/stream-peer';

export type Carrier = 'electron' | 'web';

/** Who is calling: handlers may use it (app.info reports the carrier), never trust it for access. */
export interface CallContext {
  carrier: Carrier;
  /** A label for logs: the WebSocket connection or the webContents id. */
  client: string;
}

/**
 * What a request handler gets besides its input: the call context and the request's signal, which
 * aborts when the client cancels the request or goes away. Handlers that ignore it keep working;
 * the client is answered CANCELLED at once either way.
 */
export interface RequestContext extends CallContext {
  signal: AbortSignal;
}

type ParsedInput<N extends RequestName> = z.output<(typeof contract.requests)[N]['input']>;
type ParsedArgs<N extends StreamName> = z.output<(typeof contract.streams)[N]['args']>;

export type RequestHandler<N extends RequestName> = (input: ParsedInput<N>, ctx: RequestContext) => Promise<RequestOutput<N>> | RequestOutput<N>;
/** Starts delivering events to `emit`; returns the function that stops. */
export type EventSource<N extends EventName> = (emit: (payload: EventPayload<N>) => void, ctx: CallContext) => () => void;
/** Serves one opened stream; the peer carries bytes both ways with flow control. */
export type StreamHandler<N extends StreamName> = (peer: StreamPeer, args: ParsedArgs<N>, ctx: CallContext) => void;

export interface Logger {
  error(message: string, err?: unknown): void;
  warn(message: string): void;
}

export const consoleLogger: Logger = {
  error: (message, err) => console.error(`[xendeck] ${message}`, err instanceof Error ? err.stack : (err ?? '')),
  warn: (message) => console.warn(`[xendeck] ${message}`),
};

function internalError(): ApiError {
  return new ApiError({
    code: 'INTERNAL',
    message: 'XenDeck hit an internal error while doing this.',
    hint: 'Try again; if it keeps happening, the log of the XenDeck process has the details.',
  });
}

function unknownName(kind: string, name: unknown): ApiError {
  const shown = typeof name === 'string' ? name.slice(0, 100) : typeof name;
  return new ApiError({
    code: 'UNKNOWN_NAME',
    message: `There is no ${kind} named "${shown}".`,
    hint: 'The app and its core may be different versions; restart XenDeck.',
  });
}

/** The answer to a request its client cancelled (the handler may still be finishing). */
export function cancelledError(name: string): ApiError {
  return new ApiError({
    code: 'CANCELLED',
    message: `The request ${name.slice(0, 100)} was cancelled.`,
    hint: 'If it had already sent a change to a host, that change may still take effect; the host\'s inventory will show the result.',
  });
}

function invalidInput(what: string, error: z.ZodError): ApiError {
  const parts = error.issues.slice(0, 3).map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
  return new ApiError({
    code: 'INVALID_INPUT',
    message: `The input of ${what} is not valid: ${parts.join('; ')}.`,
    hint: 'This is a bug in the caller: the request did not match the contract.',
  });
}

export class Dispatcher {
  private readonly requests = new Map<string, RequestHandler<RequestName>>();
  private readonly events = new Map<string, EventSource<EventName>>();
  private readonly streams = new Map<string, StreamHandler<StreamName>>();
  readonly log: Logger;

  constructor(log: Logger = consoleLogger) {
    this.log = log;
  }

  handle<N extends RequestName>(name: N, handler: RequestHandler<N>): void {
    if (!Object.hasOwn(contract.requests, name)) throw new Error(`${name} is not a request of the contract`);
    if (this.requests.has(name)) throw new Error(`request ${name} already has a handler`);
    this.requests.set(name, handler as unknown as RequestHandler<RequestName>);
  }

  event<N extends EventName>(name: N, source: EventSource<N>): void {
    if (!Object.hasOwn(contract.events, name)) throw new Error(`${name} is not an event of the contract`);
    if (this.events.has(name)) throw new Error(`event ${name} already has a source`);
    this.events.set(name, source as unknown as EventSource<EventName>);
  }

  stream<N extends StreamName>(name: N, handler: StreamHandler<N>): void {
    if (!Object.hasOwn(contract.streams, name)) throw new Error(`${name} is not a stream of the contract`);
    if (this.streams.has(name)) throw new Error(`stream ${name} already has a handler`);
    this.streams.set(name, handler as unknown as StreamHandler<StreamName>);
  }

  /** The names this dispatcher serves. */
  names(): { requests: string[]; events: string[]; streams: string[] } {
    return { requests: [...this.requests.keys()], events: [...this.events.keys()], streams: [...this.streams.keys()] };
  }

  /** Throws unless every contract name has a handler: carriers call this before serving. */
  assertComplete(): void {
    const missing = [
      ...REQUEST_NAMES.filter((n) => !this.requests.has(n)).map((n) => `request ${n}`),
      ...EVENT_NAMES.filter((n) => !this.events.has(n)).map((n) => `event ${n}`),
      ...STREAM_NAMES.filter((n) => !this.streams.has(n)).map((n) => `stream ${n}`),
    ];
    if (missing.length > 0) throw new Error(`the dispatcher has no handler for: ${missing.join(', ')}`);
  }

  /**
   * Runs a request; always resolves with a reply envelope, never rejects. When `signal` aborts
   * (the client cancelled it or went away) the reply is CANCELLED at once; the handler sees the
   * abort on its own signal and whatever it settles with later is dropped.
   */
  async request(name: unknown, input: unknown, ctx: CallContext, signal?: AbortSignal): Promise<Reply<unknown>> {
    const where = `request ${String(name).slice(0, 100)} from ${ctx.client}`;
    const cancelled = (): Reply<unknown> => ({ ok: false, error: cancelledError(String(name)).toInfo() });
    if (signal?.aborted) return cancelled();
    try {
      const handler = typeof name === 'string' ? this.requests.get(name) : undefined;
      if (!handler) throw unknownName('request', name);
      const schema = contract.requests[name as RequestName].input;
      const parsed = schema.safeParse(input);
      if (!parsed.success) throw invalidInput(name as string, parsed.error);
      const run = Promise.resolve(handler(parsed.data as ParsedInput<RequestName>, { ...ctx, signal: signal ?? new AbortController().signal }));
      if (!signal) return { ok: true, result: await run };
      let onAbort = (): void => undefined;
      const aborted = new Promise<Reply<unknown>>((resolve) => {
        onAbort = () => resolve(cancelled());
        signal.addEventListener('abort', onAbort, { once: true });
      });
      // A handler that fails after the client has gone still has its failure logged.
      const settled = run.then(
        (result): Reply<unknown> => ({ ok: true, result }),
        (e: unknown): Reply<unknown> => ({ ok: false, error: this.toApiError(e, where).toInfo() }),
      );
      try {
        return await Promise.race([settled, aborted]);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    } catch (e) {
      return { ok: false, error: this.toApiError(e, where).toInfo() };
    }
  }

  /** Subscribes to an event; throws ApiError for an unknown name. */
  subscribe(name: unknown, emit: (payload: unknown) => void, ctx: CallContext): () => void {
    const source = typeof name === 'string' ? this.events.get(name) : undefined;
    if (!source) throw unknownName('event', name);
    const safeEmit = (payload: unknown) => {
      try {
        emit(payload);
      } catch (e) {
        this.log.error(`delivering event ${name as string} to ${ctx.client} failed`, e);
      }
    };
    try {
      const stop = source(safeEmit as never, ctx);
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        try {
          stop();
        } catch (e) {
          this.log.error(`unsubscribing ${name as string} failed`, e);
        }
      };
    } catch (e) {
      throw this.toApiError(e, `subscribing ${name as string} for ${ctx.client}`);
    }
  }

  /** Validates the open arguments and hands the peer to the stream's handler; throws ApiError. */
  openStream(name: unknown, args: unknown, peer: StreamPeer, ctx: CallContext): void {
    const handler = typeof name === 'string' ? this.streams.get(name) : undefined;
    if (!handler) throw unknownName('stream', name);
    const parsed = contract.streams[name as StreamName].args.safeParse(args);
    if (!parsed.success) throw invalidInput(name as string, parsed.error);
    try {
      handler(peer, parsed.data as ParsedArgs<StreamName>, ctx);
    } catch (e) {
      throw this.toApiError(e, `opening stream ${name as string} for ${ctx.client}`);
    }
  }

  private toApiError(e: unknown, where: string): ApiError {
    if (e instanceof ApiError) return e;
    this.log.error(`${where} failed`, e);
    return internalError();
  }
}
