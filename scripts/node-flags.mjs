// How llmlb's node process is started, read from bin/llmlb.js's shebang
// (`#!/usr/bin/env -S [NAME=VALUE ...] node FLAGS`), for launchers that start `node bin/llmlb.js`
// themselves (npm start, npm run serve, the benchmark).
import { readFileSync } from 'node:fs';

const SHEBANG = /^#!\S*env\s+-S\s+((?:[A-Z_][A-Z0-9_]*=\S*\s+)*)node(?:\s+(.*))?$/;

function shebang(binFile) {
  return SHEBANG.exec(readFileSync(binFile, 'utf8').split('\n', 1)[0]);
}

const BIN = new URL('../bin/llmlb.js', import.meta.url);

/** Flags after `node` on the first line of `binFile`; [] when it has none. */
export function launcherNodeFlags(binFile = BIN) {
  const flags = shebang(binFile)?.[2]?.trim();
  return flags ? flags.split(/\s+/) : [];
}

/** Environment variables the shebang sets before `node` (`NAME=VALUE`); {} when none. */
export function launcherEnv(binFile = BIN) {
  const vars = shebang(binFile)?.[1]?.trim();
  return vars ? Object.fromEntries(vars.split(/\s+/).map((v) => [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)])) : {};
}
