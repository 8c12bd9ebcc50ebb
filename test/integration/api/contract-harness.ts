// One XenDeck core behind the real browser-mode carrier, for the contract tests against simulated
// dom0 hosts: HostsArea on a data directory, the dispatcher, startWebServer on loopback and a raw
// `ws` client with the server's token. Requests are sent as frames and their replies awaited with
// a bound of the test's choosing (RawClient.request gives up after 10 s).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDispatcher } from '../../../src-main/core/dispatch/create-dispatcher';
import { createServices, type Services } from '../../../src-main/core/dispatch/services';
import { HostsArea, type HostsAreaOptions } from '../../../src-main/core/services/hosts-area';
import type { ApiErrorInfo } from '../../../src-main/shared/api/errors';
import type { ConnectionChanged, InventoryView } from '../../../src-main/shared/api/hosts-types';
import type { ServerFrame } from '../../../src-main/shared/api/wire';
import { startWebServer, type WebServer } from '../../../src-main/transport/web-server';
import { RawClient } from '../transport/helpers';

export type Evt = Extract<ServerFrame, { t: 'evt' }>;
export type Reply = Extract<ServerFrame, { t: 'res' }>['reply'];

export interface ContractServer {
  services: Services;
  server: WebServer;
  c: RawClient;
  /** Sends a request now; its reply is awaited separately. */
  send(name: string, input: unknown): { id: number; reply: (ms?: number) => Promise<Reply> };
  /** The result of a request that must succeed. */
  ok<T>(name: string, input: unknown, ms?: number): Promise<T>;
  /** The error of a request that must fail. */
  fails(name: string, input: unknown, ms?: number): Promise<ApiErrorInfo>;
  /** Subscribes to an event under a frame id of the caller's choosing. */
  subscribe(id: number, name: string): void;
  /** The payloads of the events received under that id, in order. */
  events<T>(id: number, from?: number): T[];
  close(): Promise<void>;
}

export async function startContractServer(o: { dir: string; hosts: HostsAreaOptions }): Promise<ContractServer> {
  const rendererDir = join(o.dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>XenDeck test</title>');
  const services = createServices({ name: 'XenDeck', version: '0.0.0-test' }, { hosts: new HostsArea(o.hosts) });
  const server = await startWebServer({ host: '127.0.0.1', port: 0, rendererDir, dispatcher: createDispatcher(services) });
  const c = new RawClient(`ws://127.0.0.1:${server.port}/api?token=${encodeURIComponent(server.token)}`, `http://127.0.0.1:${server.port}`);
  await new Promise<void>((resolve, reject) => {
    c.ws.once('open', () => resolve());
    c.ws.once('error', reject);
  });
  let nextId = 10_000;
  const send: ContractServer['send'] = (name, input) => {
    const id = nextId++;
    c.sendJson({ t: 'req', id, name, input });
    return {
      id,
      reply: async (ms = 10_000) =>
        (await c.until(() => c.frames.find((f): f is Extract<ServerFrame, { t: 'res' }> => f.t === 'res' && f.id === id), `the reply to ${name}`, ms)).reply,
    };
  };
  return {
    services,
    server,
    c,
    send,
    async ok<T>(name: string, input: unknown, ms?: number): Promise<T> {
      const r = await send(name, input).reply(ms);
      if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
      return r.result as T;
    },
    async fails(name: string, input: unknown, ms?: number): Promise<ApiErrorInfo> {
      const r = await send(name, input).reply(ms);
      if (r.ok) throw new Error(`${name} succeeded: ${JSON.stringify(r.result)}`);
      return r.error;
    },
    subscribe(id, name) {
      c.sendJson({ t: 'sub', id, name });
    },
    events<T>(id: number, from = 0): T[] {
      return c.frames
        .slice(from)
        .filter((f): f is Evt => f.t === 'evt' && f.id === id)
        .map((e) => e.payload as T);
    },
    async close() {
      c.close();
      await server.close();
      await services.hosts.close();
    },
  };
}

/** Reads the host's inventory until the guest matches (or fails after `ms` with what was seen). */
export async function guestOn(api: ContractServer, host: string, name: string, ms = 20_000, pred: (g: InventoryView['guests'][number]) => boolean = () => true) {
  const deadline = Date.now() + ms;
  for (;;) {
    const inv = await api.ok<InventoryView>('inventory.get', { host }, ms);
    const g = inv.guests.find((x) => x.name === name);
    if (g !== undefined && pred(g)) return g;
    if (Date.now() > deadline) throw new Error(`${host}/${name} never matched; last seen: ${JSON.stringify(g)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The first connectionChanged of HOST into STATE after frame index FROM, under subscription id SUB. */
export function waitConnection(api: ContractServer, sub: number, host: string, from: number, state: ConnectionChanged['state'], ms: number): Promise<ConnectionChanged> {
  return api.c.until(() => api.events<ConnectionChanged>(sub, from).find((p) => p.host === host && p.state === state), `${host} ${state}`, ms);
}
