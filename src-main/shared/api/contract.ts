// THE contract: every request, event and stream either carrier serves. Both carriers call the
// same dispatcher; a test asserts that each serves exactly these names.
import { z } from 'zod';
import { event, request, stream } from './define';

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  carrier: 'electron' | 'web';
}

export interface EchoResult {
  text: string;
  receivedAt: string;
}

export interface TickInfo {
  n: number;
  at: string;
}

export const contract = {
  requests: {
    'app.info': request<AppInfo>()(z.object({}).strict()),
    'diagnostics.echo': request<EchoResult>()(z.object({ text: z.string().max(65_536) }).strict()),
  },
  events: {
    'diagnostics.ticks': event<TickInfo>(),
  },
  streams: {
    'diagnostics.loopback': stream(z.object({}).strict()),
  },
} as const;

export type Contract = typeof contract;
export type RequestName = keyof Contract['requests'];
export type EventName = keyof Contract['events'];
export type StreamName = keyof Contract['streams'];

export type RequestInput<N extends RequestName> = z.input<Contract['requests'][N]['input']>;
export type RequestOutput<N extends RequestName> = NonNullable<Contract['requests'][N]['_output']>;
export type EventPayload<N extends EventName> = NonNullable<Contract['events'][N]['_payload']>;
export type StreamArgs<N extends StreamName> = z.input<Contract['streams'][N]['args']>;

export const REQUEST_NAMES = Object.keys(contract.requests) as RequestName[];
export const EVENT_NAMES = Object.keys(contract.events) as EventName[];
export const STREAM_NAMES = Object.keys(contract.streams) as StreamName[];
