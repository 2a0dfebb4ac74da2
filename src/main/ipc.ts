import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES } from '../shared/contract';
import type { Result } from '../shared/errors';
import type { Core } from './core';
import { isAppUrl, type RendererTarget } from './shell/origin';
import { connectionIdOf } from './window';
import { isNetworkSignal, NETWORK_EVENT } from './sync/network';

/**
 * Adapts Electron IPC to the core. The only check here is that the call comes from the app's own
 * top-level page (its origin, parsed: see shell/origin.ts); everything else (session, permission,
 * input) is the dispatcher's job. One handler per contract channel: an unknown channel has no
 * handler at all.
 */
export function registerIpc(core: Core, target: RendererTarget): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown): Promise<Result<unknown>> => {
      const frame = event.senderFrame;
      if (!frame || frame !== event.sender.mainFrame || !isAppUrl(frame.url, target)) {
        return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from the app window.' } };
      }
      return core.dispatch(connectionIdOf(event.sender.id), channel, input);
    });
  }
  ipcMain.on(NETWORK_EVENT, (event: IpcMainEvent, signal: unknown) => {
    const frame = event.senderFrame;
    if (!frame || frame !== event.sender.mainFrame || !isAppUrl(frame.url, target)) return;
    if (isNetworkSignal(signal)) core.networkSignal(signal);
  });
}
