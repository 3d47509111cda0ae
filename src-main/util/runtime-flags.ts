/**
 * How every llmlb process is started (headless launcher, `npm run serve`, `npm start`, Electron).
 * `bin/llmlb.js` repeats both in its shebang (a test keeps the copies equal).
 */

/**
 * Environment set before node starts. glibc gives each thread that calls malloc an arena of its own
 * and keeps freed memory in it; V8's compiler and GC helper threads each hold one. Two arenas keep
 * llmlb about 10 MB smaller under 1,000 concurrent streams (`npm run bench`), at no measured cost
 * in throughput. Other C libraries ignore the variable. (`npm start` passes it to Electron too; a
 * packaged desktop app started by the system runs without it.)
 */
export const RUNTIME_ENV: Readonly<Record<string, string>> = Object.freeze({ MALLOC_ARENA_MAX: '2' });

/**
 * V8 flags (Electron takes them as js-flags).
 *
 * A proxy allocates tens of kB per request that die within milliseconds. V8 grows the young
 * generation to 2 × 16 MB under such load and keeps it; 8 MB semi-spaces keep llmlb's memory near
 * a bare Node proxy's under 1,000 concurrent streams (`npm run bench`) for a few more scavenges.
 */
export const V8_FLAGS: readonly string[] = ['--max-semi-space-size=8'];
