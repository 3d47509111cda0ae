/** Navigation and window.open decisions, and the window's web preferences. */
import { describe, expect, it } from 'vitest';
import { decideNavigation, isExternalHttpUrl } from '../../../src-main/windows/navigation.js';
import { secureWebPreferences } from '../../../src-main/windows/web-preferences.js';

describe('decideNavigation', () => {
  it.each([
    ['app://llmlb/index.html', 'allow'],
    ['app://llmlb/endpoints#x', 'allow'],
    ['https://github.com/llmlb', 'external'],
    ['http://127.0.0.1:32768/metrics', 'external'],
    ['file:///etc/passwd', 'deny'],
    ['javascript:alert(1)', 'deny'],
    ['data:text/html,<script>1</script>', 'deny'],
    ['app://evil/index.html', 'deny'],
    ['ms-settings:privacy', 'deny'],
    ['https://user:pw@example.com/', 'deny'],
    ['not a url', 'deny'],
  ])('%s → %s', (url, decision) => {
    expect(decideNavigation(url)).toBe(decision);
  });

  it('refuses absurdly long external URLs', () => {
    expect(isExternalHttpUrl(`https://example.com/${'a'.repeat(3000)}`)).toBe(false);
  });
});

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the page with our preload', () => {
    expect(secureWebPreferences('/app/dist/preload/preload.cjs')).toMatchObject({
      preload: '/app/dist/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});
