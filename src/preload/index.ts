import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../shared/api';

/**
 * The renderer's whole view of the main process: one function per contract channel.
 * No ipcRenderer, no generic invoke, no Node.
 */
contextBridge.exposeInMainWorld(
  'api',
  buildApi((channel, input) => ipcRenderer.invoke(channel, input)),
);
