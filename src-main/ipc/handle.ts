/**
 * The IPC handler wrapper: checks the sender, validates arguments, calls the handler and returns an
 * `IpcResult`. No electron import: register.ts feeds it facts extracted from the electron event.
 */
import { isAppError } from '../util/errors.js';
import { isSameAppOrigin } from '../windows/app-url.js';
import type { IpcResult } from './contract.js';
import { isIpcChannel } from './channels.js';
import type { Handlers } from './dispatch.js';
import { ARG_SPECS } from './schemas.js';
import { checkArgs } from './validate.js';
import { noopLogger, type Logger } from '../logging/logger.js';

/** What main knows about who sent an IPC message. */
export interface SenderFacts {
  /** True when the message came from our main window's webContents. */
  readonly fromOurWindow: boolean;
  /** URL of the sending frame (null when the frame is gone). */
  readonly frameUrl: string | null;
}

/** Calls one channel on behalf of one sender. */
export type Invoker = (channel: string, sender: SenderFacts, args: readonly unknown[]) => Promise<IpcResult<unknown>>;

/** Options of the wrapper. */
export interface InvokerOptions {
  /** The app origin whose frames are trusted (e.g. `app://llmlb`). */
  readonly trustedOrigin: string;
  /** The `ipc` component logger: unexpected errors go here; their details never reach the renderer. */
  readonly logger?: Logger;
}

/** True when a sender may call IPC: our own window, from a frame on the app origin. */
export function isTrustedSender(sender: SenderFacts, trustedOrigin: string): boolean {
  return sender.fromOurWindow && sender.frameUrl !== null && isSameAppOrigin(sender.frameUrl, trustedOrigin);
}

function fail(code: string, message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

/** Builds the wrapper every registered channel goes through. It never throws. */
export function createInvoker(handlers: Handlers, options: InvokerOptions): Invoker {
  const logger = options.logger ?? noopLogger;
  return async (channel, sender, args) => {
    if (!isIpcChannel(channel)) return fail('not_found', 'unknown channel');
    if (!isTrustedSender(sender, options.trustedOrigin)) {
      logger.warn({ channel, frameUrl: sender.frameUrl ?? null }, `refused ${channel} from an untrusted sender`);
      return fail('forbidden', 'sender not allowed');
    }
    const problem = checkArgs(ARG_SPECS[channel], args);
    if (problem) return fail('invalid_request', `${channel}: ${problem}`);
    try {
      // The cast is sound: checkArgs just proved `args` match this channel's contract arguments.
      const handler = handlers[channel] as (...a: readonly unknown[]) => Promise<unknown>;
      return { ok: true, value: await handler(...args) };
    } catch (err) {
      if (isAppError(err)) return fail(err.code, err.message);
      logger.error({ channel, reason: err instanceof Error ? (err.stack ?? err.message) : String(err) }, `${channel} failed`);
      return fail('internal_error', 'Internal error');
    }
  };
}
