/**
 * V8 flags every llmlb process runs with (headless launcher, `npm run serve`, Electron's js-flags).
 *
 * A proxy allocates tens of kB per request that die within milliseconds. V8 grows the young
 * generation to 2 × 16 MB under such load and keeps it; 8 MB semi-spaces keep llmlb's memory near
 * a bare Node proxy's under 1,000 concurrent streams (`npm run bench`) for a few more scavenges.
 * `bin/llmlb.js` repeats these in its shebang (a test keeps the copies equal).
 */
export const V8_FLAGS: readonly string[] = ['--max-semi-space-size=8'];
