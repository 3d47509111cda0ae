import { describe, expect, it } from 'vitest';
import { InvalidUrlError, loopbackKey, normalizeBaseUrl } from '../../../src-main/registry/url.js';

describe('normalizeBaseUrl', () => {
  it.each([
    ['http://LOCALHOST:11434/v1/', 'http://localhost:11434'],
    ['http://localhost:11434', 'http://localhost:11434'],
    ['HTTP://Example.com:80/', 'http://example.com'],
    ['https://example.com:443/v1', 'https://example.com'],
    ['https://example.com:8443/openai/v1/', 'https://example.com:8443/openai'],
    ['http://[::1]:8080/', 'http://[::1]:8080'],
    ['  http://127.0.0.1:1234/V1  ', 'http://127.0.0.1:1234'],
    ['http://host/v1beta', 'http://host/v1beta'],
  ])('%s → %s', (input, out) => {
    expect(normalizeBaseUrl(input)).toBe(out);
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'ftp://x', 'data:text/plain,hi', '', 'localhost:11434', 'http://u:p@x', 'http://x/?a=1', 'http://x/#f'])(
    'rejects %j',
    (input) => {
      expect(() => normalizeBaseUrl(input)).toThrow(InvalidUrlError);
    },
  );

  it('maps loopback spellings to one key', () => {
    expect(loopbackKey('http://localhost:11434')).toBe('http://127.0.0.1:11434');
    expect(loopbackKey('http://[::1]:11434')).toBe('http://127.0.0.1:11434');
    expect(loopbackKey('http://localhost.example:1')).toBe('http://localhost.example:1');
  });
});
