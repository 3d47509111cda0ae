/** The renderer's Content-Security-Policy, built from directives so tests can read it. Pure. */

/** Extra sources a caller may allow (none are needed by the packaged UI). */
export interface CspOptions {
  /** Extra `connect-src` sources besides 'self'. */
  readonly connect?: readonly string[];
}

/**
 * The policy for the packaged UI: everything from the app origin, no eval, no inline script, no
 * plugins, no framing, no form posts. Inline style *attributes* stay allowed (charting code sets
 * them); `<style>` elements and inline scripts do not.
 */
export function buildCsp(options: CspOptions = {}): string {
  const directives: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['style-src-attr', ["'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...(options.connect ?? [])]],
    ['worker-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Parses a policy into directive → sources (for tests and diagnostics). */
export function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}
