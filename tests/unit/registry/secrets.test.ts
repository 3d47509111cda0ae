import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AesGcmSecretBox } from '../../../src-main/registry/secrets.js';
import { tempDir } from '../../helpers/app.js';

describe('AesGcmSecretBox', () => {
  it('round-trips, uses a fresh IV each time, and keeps its key file 0600', () => {
    const dir = tempDir();
    const box = AesGcmSecretBox.fromDataDir(dir);
    const a = box.encrypt('sk-123');
    const b = box.encrypt('sk-123');
    expect(a).not.toBe(b);
    expect(a).not.toContain('sk-123');
    expect(box.decrypt(a)).toBe('sk-123');
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    // the same data dir gives the same key
    expect(AesGcmSecretBox.fromDataDir(dir).decrypt(a)).toBe('sk-123');
    expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).toHaveLength(44);
  });

  it('detects tampering and foreign ciphertexts', () => {
    const box = AesGcmSecretBox.fromDataDir(tempDir());
    const other = AesGcmSecretBox.fromDataDir(tempDir());
    const c = box.encrypt('secret');
    expect(() => other.decrypt(c)).toThrow();
    const raw = Buffer.from(c.slice('aesgcm1:'.length), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.decrypt(`aesgcm1:${raw.toString('base64')}`)).toThrow();
    expect(() => box.decrypt('plain')).toThrow();
  });
});
