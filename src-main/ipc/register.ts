/** Registers every contract channel on `ipcMain.handle` and pushes core events to the window. */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { AdminApi } from '../admin/api.js';
import { EVENT_CHANNEL, IPC_CHANNELS } from './channels.js';
import type { Invoker, SenderFacts } from './handle.js';

/** Who main talks to: the window's webContents, or null while there is no window. */
export type WebContentsRef = () => WebContents | null;

/** What main knows about the sender of `event`. Reading a detached frame can throw, so that means "no frame". */
export function senderFacts(event: IpcMainInvokeEvent, target: WebContentsRef): SenderFacts {
  const ours = target();
  let frameUrl: string | null = null;
  try {
    frameUrl = event.senderFrame?.url ?? null;
  } catch {
    frameUrl = null;
  }
  return { fromOurWindow: ours !== null && !ours.isDestroyed() && event.sender === ours, frameUrl };
}

/** Registers one handler per contract channel; returns a function that removes them all. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, invoke: Invoker, target: WebContentsRef): () => void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => invoke(channel, senderFacts(event, target), args));
  }
  return () => {
    for (const channel of IPC_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Forwards every core event to the window on `events:push`; returns the unsubscribe. */
export function forwardEvents(admin: Pick<AdminApi, 'subscribe'>, target: WebContentsRef): () => void {
  return admin.subscribe((event) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(EVENT_CHANNEL, event);
  });
}
