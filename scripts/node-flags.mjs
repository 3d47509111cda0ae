// The node flags llmlb runs with, read from bin/llmlb.js's shebang (`#!/usr/bin/env -S node FLAGS`),
// for launchers that start `node bin/llmlb.js` themselves (npm start, npm run serve, the benchmark).
import { readFileSync } from 'node:fs';

/** Flags after `node` on the first line of `binFile`; [] when it has none. */
export function launcherNodeFlags(binFile = new URL('../bin/llmlb.js', import.meta.url)) {
  const first = readFileSync(binFile, 'utf8').split('\n', 1)[0];
  const m = /^#!\S*env\s+-S\s+node\s+(.*)$/.exec(first);
  return m ? m[1].trim().split(/\s+/) : [];
}
