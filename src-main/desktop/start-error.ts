/** The start-up error box's text, in the user's language: a busy port is the common case (a headless llmlb already running). */
import type { TFunction } from 'i18next';

/** One line describing why the desktop app could not start; `port` is the configured gateway port when known. */
export function describeStartError(e: unknown, port: number | undefined, t: TFunction): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return t('dialogs.startFailed.portInUse', { port: port ?? '' });
  if (code === 'EACCES') return t('dialogs.startFailed.noPermission', { port: port ?? '' });
  // Anything else is a technical message from Node or SQLite; it stays as it is.
  return e instanceof Error ? e.message : String(e);
}
