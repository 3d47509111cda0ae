/** Console output format: human-readable lines on a terminal, JSON lines otherwise. */

/** How log lines look on the console. */
export type ConsoleFormat = 'pretty' | 'json';

/**
 * Pretty on a terminal, JSON when stderr is a pipe or file (so log collectors get one object a line).
 * `override` is `LLMLB_LOG_FORMAT`; anything but `json` or `pretty` is ignored.
 */
export function chooseConsoleFormat(isTTY: boolean | undefined, override?: string): ConsoleFormat {
  const o = override?.trim().toLowerCase();
  if (o === 'json' || o === 'pretty') return o;
  return isTTY === true ? 'pretty' : 'json';
}
