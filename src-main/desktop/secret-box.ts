/** The desktop SecretBox: Electron safeStorage (OS keychain) when it really encrypts, else the AES key-file box. */
import { AesGcmSecretBox, type SecretBox } from '../registry/secrets.js';

/** The part of Electron's `safeStorage` the box uses (injected, so this module never imports electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which secret store backs safeStorage. */
  getSelectedStorageBackend?(): string;
}

const SAFE_SCHEME = 'safestorage1';

/** Secrets encrypted by the OS keychain through safeStorage: `safestorage1:` + base64. */
export class SafeStorageSecretBox implements SecretBox {
  readonly scheme = SAFE_SCHEME;
  readonly #storage: SafeStorageLike;

  constructor(storage: SafeStorageLike) {
    this.#storage = storage;
  }

  encrypt(plain: string): string {
    return `${SAFE_SCHEME}:${this.#storage.encryptString(plain).toString('base64')}`;
  }

  decrypt(stored: string): string {
    if (!stored.startsWith(`${SAFE_SCHEME}:`)) throw new Error('secret was not written by safeStorage');
    return this.#storage.decryptString(Buffer.from(stored.slice(SAFE_SCHEME.length + 1), 'base64'));
  }
}

/**
 * True when safeStorage gives real protection. On Linux without a keyring it falls back to
 * `basic_text` (a fixed, public key), which is no better than plain text: use the key file then.
 */
export function safeStorageUsable(storage: SafeStorageLike, platform: NodeJS.Platform = process.platform): boolean {
  if (!storage.isEncryptionAvailable()) return false;
  if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') return false;
  return true;
}

/**
 * Writes with safeStorage when usable, else with the AES key-file box; reads whichever scheme a
 * stored secret carries, so keys saved before the keychain became (un)available still decrypt.
 */
export class DesktopSecretBox implements SecretBox {
  readonly scheme: string;
  readonly #safe: SafeStorageSecretBox;
  readonly #useSafe: boolean;
  readonly #dataDir: string;
  #aes: AesGcmSecretBox | null = null;

  constructor(storage: SafeStorageLike, dataDir: string, platform: NodeJS.Platform = process.platform) {
    this.#safe = new SafeStorageSecretBox(storage);
    this.#useSafe = safeStorageUsable(storage, platform);
    this.#dataDir = dataDir;
    this.scheme = this.#useSafe ? SAFE_SCHEME : 'aesgcm1';
  }

  /** The key-file box, created (with its 0600 key file) only when first needed. */
  #aesBox(): AesGcmSecretBox {
    this.#aes ??= AesGcmSecretBox.fromDataDir(this.#dataDir);
    return this.#aes;
  }

  encrypt(plain: string): string {
    return this.#useSafe ? this.#safe.encrypt(plain) : this.#aesBox().encrypt(plain);
  }

  decrypt(stored: string): string {
    return stored.startsWith(`${SAFE_SCHEME}:`) ? this.#safe.decrypt(stored) : this.#aesBox().decrypt(stored);
  }
}
