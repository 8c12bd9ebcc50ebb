// Fakes of the few Electron objects the IPC carrier touches, wired to each other in-process:
// ipcMain ⇄ one webContents ⇄ ipcRenderer, and MessageChannelMain backed by Node's MessageChannel.
// Electron cannot start here; these let the real binding, preload bridge and client run together.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { InvokeEventLike, IpcMainLike, PortLike, WebContentsLike } from '../../../src-main/transport/electron/ipc-binding';
import type { IpcRendererLike, PortLike as RendererPortLike } from '../../../src-main/preload/bridge';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => unknown;
type RendererListener = (event: { ports?: readonly RendererPortLike[] }, ...args: unknown[]) => void;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
}

export class FakeWebContents implements WebContentsLike {
  readonly listeners = new Map<string, RendererListener[]>();
  private destroyedCbs: (() => void)[] = [];
  destroyed = false;
  constructor(readonly id: number) {}
  send(channel: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(channel) ?? []) l({}, ...args);
  }
  postMessage(channel: string, message: unknown, transfer?: unknown[]): void {
    for (const l of this.listeners.get(channel) ?? []) l({ ports: (transfer ?? []) as RendererPortLike[] }, message);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  once(_event: 'destroyed', listener: () => void): void {
    this.destroyedCbs.push(listener);
  }
  destroy(): void {
    this.destroyed = true;
    for (const cb of this.destroyedCbs.splice(0)) cb();
  }
}

export interface FrameFacts {
  url: string;
  top: boolean;
}

/** The renderer side, as the preload sees it, talking to `ipcMain` as `wc` from `frame`. */
export function fakeIpcRenderer(ipcMain: FakeIpcMain, wc: FakeWebContents, frame: FrameFacts = { url: 'app://xendeck/index.html', top: true }): IpcRendererLike {
  return {
    async invoke(channel, ...args) {
      const h = ipcMain.handlers.get(channel);
      if (!h) throw new Error(`No handler registered for '${channel}'`);
      return h({ sender: wc, senderFrame: { url: frame.url, parent: frame.top ? null : {} } }, ...args);
    },
    on(channel, listener) {
      const list = wc.listeners.get(channel) ?? [];
      list.push(listener);
      wc.listeners.set(channel, list);
    },
  };
}

/** MessageChannelMain's port shape over a Node MessagePort ('message' events carry {data}). */
function mainPort(p: MessagePort): PortLike {
  return {
    on(event: 'message' | 'close', listener: ((e: { data: unknown }) => void) | (() => void)) {
      if (event === 'message') p.on('message', (data: unknown) => (listener as (e: { data: unknown }) => void)({ data }));
      else p.on('close', listener as () => void);
      return this;
    },
    postMessage: (m) => p.postMessage(m),
    start: () => p.start(),
    close: () => p.close(),
  } as PortLike;
}

export const openPorts = new Set<MessagePort>();

export function fakeMessageChannelMain(): { port1: PortLike; port2: unknown } {
  const { port1, port2 } = new MessageChannel();
  openPorts.add(port1);
  openPorts.add(port2);
  port1.on('close', () => {
    openPorts.delete(port1);
    openPorts.delete(port2);
  });
  return { port1: mainPort(port1), port2 };
}

/** Closes every port a test left open, so nothing keeps the worker alive. */
export function closeAllPorts(): void {
  for (const p of openPorts) p.close();
  openPorts.clear();
}
