/** The desktop SecretBox: safeStorage when it really encrypts, the AES key file otherwise, reading both. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DesktopSecretBox, safeStorageUsable, type SafeStorageLike } from '../../../src-main/desktop/secret-box.js';
import { AesGcmSecretBox } from '../../../src-main/registry/secrets.js';

/** A stand-in for Electron's safeStorage: reversible, clearly not plain text. */
function fakeSafeStorage(available = true, backend = 'gnome_libsecret'): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(`enc(${s})`).reverse(),
    decryptString: (b) => {
      if (!available) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(b).reverse().toString().slice(4, -1);
    },
    getSelectedStorageBackend: () => backend,
  };
}

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'llmlb-secrets-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('safeStorageUsable', () => {
  it('needs encryption available and, on Linux, a real keyring', () => {
    expect(safeStorageUsable(fakeSafeStorage(true), 'darwin')).toBe(true);
    expect(safeStorageUsable(fakeSafeStorage(false), 'win32')).toBe(false);
    expect(safeStorageUsable(fakeSafeStorage(true, 'basic_text'), 'linux')).toBe(false);
    expect(safeStorageUsable(fakeSafeStorage(true, 'kwallet5'), 'linux')).toBe(true);
  });
});

describe('DesktopSecretBox', () => {
  it('uses safeStorage when usable and creates no key file', () => {
    const dir = dataDir();
    const box = new DesktopSecretBox(fakeSafeStorage(), dir, 'linux');
    const stored = box.encrypt('sk-secret');
    expect(box.scheme).toBe('safestorage1');
    expect(stored).toMatch(/^safestorage1:/);
    expect(stored).not.toContain('sk-secret');
    expect(box.decrypt(stored)).toBe('sk-secret');
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
  });

  it('falls back to the AES key file when safeStorage would be plain text', () => {
    const dir = dataDir();
    const box = new DesktopSecretBox(fakeSafeStorage(true, 'basic_text'), dir, 'linux');
    const stored = box.encrypt('sk-secret');
    expect(box.scheme).toBe('aesgcm1');
    expect(stored).toMatch(/^aesgcm1:/);
    expect(box.decrypt(stored)).toBe('sk-secret');
    expect(existsSync(join(dir, 'secret.key'))).toBe(true);
  });

  it('still reads secrets written by the other box', () => {
    const dir = dataDir();
    const oldAes = AesGcmSecretBox.fromDataDir(dir).encrypt('from-key-file');
    const oldSafe = new DesktopSecretBox(fakeSafeStorage(), dir).encrypt('from-keychain');
    const box = new DesktopSecretBox(fakeSafeStorage(), dir, 'darwin');
    expect(box.decrypt(oldAes)).toBe('from-key-file');
    expect(box.decrypt(oldSafe)).toBe('from-keychain');
  });

  it('fails loudly, not silently, when the keychain can no longer decrypt', () => {
    const dir = dataDir();
    const stored = new DesktopSecretBox(fakeSafeStorage(), dir, 'win32').encrypt('x');
    const box = new DesktopSecretBox(fakeSafeStorage(false), dir, 'win32');
    expect(() => box.decrypt(stored)).toThrow();
  });
});
