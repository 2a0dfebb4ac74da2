import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../shared/api';
import { NETWORK_EVENT } from '../main/sync/network';

/**
 * The renderer's whole view of the main process: one function per contract channel.
 * No ipcRenderer, no generic invoke, no Node.
 */
contextBridge.exposeInMainWorld(
  'api',
  buildApi((channel, input) => ipcRenderer.invoke(channel, input)),
);

// The window's view of the network, relayed so sync can retry as soon as it is back. Sends only
// the event's name; the main process checks it against a fixed list.
const page = globalThis as unknown as EventTarget;
page.addEventListener('online', () => ipcRenderer.send(NETWORK_EVENT, 'online'));
page.addEventListener('offline', () => ipcRenderer.send(NETWORK_EVENT, 'offline'));
