import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES } from '../shared/contract';
import type { Result } from '../shared/errors';
import type { Core } from './core';
import { isAppUrl } from './window';

/**
 * Adapts Electron IPC to the core. The only check here is that the call comes from the app's own
 * top-level page; everything else (session, permission, input) is the dispatcher's job.
 * One handler per contract channel: an unknown channel has no handler at all.
 */
export function registerIpc(core: Core): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown): Promise<Result<unknown>> => {
      const frame = event.senderFrame;
      if (!frame || frame !== event.sender.mainFrame || !isAppUrl(frame.url)) {
        return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from the app window.' } };
      }
      return core.dispatch(`wc-${event.sender.id}`, channel, input);
    });
  }
}
