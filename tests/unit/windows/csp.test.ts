/** The renderer's Content-Security-Policy. */
import { describe, expect, it } from 'vitest';
import { buildCsp, parseCsp } from '../../../src-main/windows/csp.js';

describe('buildCsp', () => {
  const policy = parseCsp(buildCsp());

  it("defaults everything to 'self' and connects only to 'self'", () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
  });

  it('never allows eval, inline script, remote script or wildcards', () => {
    const text = buildCsp();
    expect(text).not.toContain('unsafe-eval');
    expect(text).not.toContain('wasm-unsafe-eval');
    expect(text).not.toMatch(/\*/);
    expect(text).not.toMatch(/https?:/);
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
    expect(policy.get('style-src')).not.toContain("'unsafe-inline'");
  });

  it('shuts plugins, framing, base rewriting and form posts', () => {
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('frame-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });

  it('adds extra connect sources only when asked', () => {
    expect(parseCsp(buildCsp({ connect: ['http://127.0.0.1:32768'] })).get('connect-src')).toEqual([
      "'self'",
      'http://127.0.0.1:32768',
    ]);
  });

  it('is a single header value with no duplicate directives', () => {
    const text = buildCsp();
    expect(text).not.toMatch(/[\r\n]/);
    const names = text.split(';').map((d) => d.trim().split(' ')[0]);
    expect(new Set(names).size).toBe(names.length);
  });
});
