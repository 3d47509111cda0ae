/** The app:// origin, file mapping for the renderer and content types. */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, appEntryUrl, contentTypeOf, isSameAppOrigin, LOCALE_PARAM, resolveAppFile } from '../../../src-main/windows/app-url.js';

const ROOT = resolve('/opt/llmlb/dist/renderer');

describe('isSameAppOrigin', () => {
  it('accepts the app origin only', () => {
    expect(APP_ORIGIN).toBe('app://llmlb');
    expect(isSameAppOrigin(APP_ENTRY_URL)).toBe(true);
    expect(isSameAppOrigin('app://llmlb/assets/index-abc.js')).toBe(true);
    for (const url of ['app://llmlb.evil/', 'app://other/', 'https://llmlb/', 'file:///index.html', 'javascript:1', '', 'app://u@llmlb/']) {
      expect(isSameAppOrigin(url), url).toBe(false);
    }
  });
});

describe('resolveAppFile', () => {
  it('maps paths under the renderer folder', () => {
    expect(resolveAppFile(ROOT, 'app://llmlb/index.html')).toBe(join(ROOT, 'index.html'));
    expect(resolveAppFile(ROOT, 'app://llmlb/assets/index-abc.js')).toBe(join(ROOT, 'assets', 'index-abc.js'));
    expect(resolveAppFile(ROOT, 'app://llmlb/assets/a%20b.css?v=1#x')).toBe(join(ROOT, 'assets', 'a b.css'));
  });

  it('serves index.html for the root and client-side routes', () => {
    expect(resolveAppFile(ROOT, 'app://llmlb/')).toBe(join(ROOT, 'index.html'));
    expect(resolveAppFile(ROOT, 'app://llmlb/endpoints/123')).toBe(join(ROOT, 'index.html'));
  });

  it('refuses to leave the folder or serve other origins', () => {
    for (const url of [
      'app://llmlb/../secret.key',
      'app://llmlb/%2e%2e/%2e%2e/etc/passwd.txt',
      'app://llmlb/assets/..%2f..%2fsecret.key',
      'app://llmlb/a%5c..%5c..%5csecret.key',
      'app://llmlb/x%00.js',
      'app://llmlb/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      const file = resolveAppFile(ROOT, url);
      expect(file === null || file.startsWith(ROOT + '/'), `${url} → ${String(file)}`).toBe(true);
      // Literal `..` is already folded by the URL parser; encoded traversal must be refused outright.
      if (/%2f|%5c|%00/i.test(url)) expect(file, url).toBeNull();
    }
    expect(resolveAppFile(ROOT, 'app://other/index.html')).toBeNull();
  });
});

describe('contentTypeOf', () => {
  it('knows the built asset types and falls back to octet-stream', () => {
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('/x/a.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('/x/a.woff2')).toBe('font/woff2');
    expect(contentTypeOf('/x/a.exe')).toBe('application/octet-stream');
  });
});

describe('appEntryUrl', () => {
  it('carries the OS locale to the renderer and still maps to index.html', () => {
    expect(appEntryUrl()).toBe(APP_ENTRY_URL);
    const url = appEntryUrl('ja-JP');
    expect(new URL(url).searchParams.get(LOCALE_PARAM)).toBe('ja-JP');
    expect(isSameAppOrigin(url)).toBe(true);
    expect(resolveAppFile('/r', url)).toBe(resolve('/r', 'index.html'));
  });
});
