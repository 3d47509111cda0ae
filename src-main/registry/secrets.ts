/** Encryption at rest for upstream API keys: AES-256-GCM with a 0600 key file (headless), or a host-provided box. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Encrypts and decrypts short secrets. The desktop host supplies one backed by Electron's safeStorage. */
export interface SecretBox {
  /** A tag stored with each ciphertext so a later host can tell which box wrote it. */
  readonly scheme: string;
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

const KEY_FILE = 'secret.key';
const SCHEME = 'aesgcm1';

/** AES-256-GCM box; output is `aesgcm1:` + base64(iv | tag | ciphertext). */
export class AesGcmSecretBox implements SecretBox {
  readonly scheme = SCHEME;
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('secret key must be 32 bytes');
    this.#key = key;
  }

  /** Loads the key file in `dataDir`, creating it (mode 0600) on first use. */
  static fromDataDir(dataDir: string): AesGcmSecretBox {
    const file = join(dataDir, KEY_FILE);
    if (!existsSync(file)) {
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    }
    chmodSync(file, 0o600);
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    return new AesGcmSecretBox(key);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${SCHEME}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    if (!stored.startsWith(`${SCHEME}:`)) throw new Error('secret was not written by this box');
    const raw = Buffer.from(stored.slice(SCHEME.length + 1), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
