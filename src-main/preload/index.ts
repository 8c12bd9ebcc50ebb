// The preload of the management window (sandboxed, bundled as CommonJS). It exposes exactly one
// frozen object, `window.xendeck`, with invoke / on / openStream for contract names (EH-6), and
// never the ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge, type IpcRendererLike } from './bridge';

contextBridge.exposeInMainWorld('xendeck', createBridge(ipcRenderer as unknown as IpcRendererLike));
