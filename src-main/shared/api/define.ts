// The building blocks of the contract: a request has a validated input and a typed output,
// an event a typed payload, a stream validated open arguments and bytes both ways.
import type { z } from 'zod';

export interface RequestDef<I extends z.ZodType, O> {
  readonly kind: 'request';
  readonly input: I;
  /** Type-only marker for the output; never set at run time. */
  readonly _output?: O;
}

export interface EventDef<P> {
  readonly kind: 'event';
  readonly _payload?: P;
}

export interface StreamDef<A extends z.ZodType> {
  readonly kind: 'stream';
  readonly args: A;
}

export function request<O>() {
  return <I extends z.ZodType>(input: I): RequestDef<I, O> => ({ kind: 'request', input });
}

export function event<P>(): EventDef<P> {
  return { kind: 'event' };
}

export function stream<A extends z.ZodType>(args: A): StreamDef<A> {
  return { kind: 'stream', args };
}
