/**
 * Encryption at rest of single database values (the names and phone numbers
 * of feedback tickets): AES-256-GCM with a key from the environment
 * (`DATA_ENCRYPTION_KEY`), never from the database itself. A stored value is
 * `enc1:<key id>:<base64 of iv | tag | ciphertext>`; the key id (8 hex digits
 * of the key's SHA-256) says which key wrote it, so older keys listed in
 * `DATA_ENCRYPTION_KEYS_OLD` still decrypt after a rotation.
 *
 * The cipher belongs to a database connection ({@link setCipher}), so every
 * module that reads or writes those columns with `db` uses the same keys.
 *
 * @example
 * ```ts
 * const cipher = new FieldCipher(parseKey(process.env.DATA_ENCRYPTION_KEY!));
 * const stored = cipher.encrypt('0912 345 678'); // 'enc1:1a2b3c4d:…'
 * cipher.decrypt(stored); // '0912 345 678'
 * new FieldCipher(undefined).decrypt(stored); // null: unreadable without the key
 * ```
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Db } from './db.js';

const PREFIX = 'enc1:';

/**
 * A 32-byte key written as base64 (`openssl rand -base64 32`) or 64 hex
 * digits; undefined when the text is neither.
 */
export function parseKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(t)) {
    const b = Buffer.from(t, 'base64');
    if (b.length === 32) return b;
  }
  return undefined;
}

/** The short id of a key, stored with each value it encrypts. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Whether a stored value is encrypted (any key). */
export function isEncrypted(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** Encrypts and decrypts column values with a current key and older ones. */
export class FieldCipher {
  private readonly keys = new Map<string, Buffer>();
  /** Id of the key new values are written with; undefined without a key. */
  readonly currentId: string | undefined;

  constructor(
    private readonly current: Buffer | undefined,
    old: readonly Buffer[] = [],
  ) {
    for (const k of [...(current ? [current] : []), ...old]) this.keys.set(keyId(k), k);
    this.currentId = current ? keyId(current) : undefined;
  }

  /** Whether values can be written encrypted. */
  get hasKey(): boolean {
    return this.current !== undefined;
  }

  /** The value encrypted with the current key; throws without a key. */
  encrypt(plain: string): string {
    if (!this.current || !this.currentId) throw new Error('no data encryption key');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.current, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `${PREFIX}${this.currentId}:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
  }

  /**
   * The clear value: decrypted with the key that wrote it, or as stored when
   * it was never encrypted (rows older than the key). Null when no known key
   * wrote it or it was tampered with.
   */
  decrypt(stored: string): string | null {
    if (!isEncrypted(stored)) return stored;
    const [id, data] = stored.slice(PREFIX.length).split(':');
    const key = id ? this.keys.get(id) : undefined;
    if (!key || !data) return null;
    const raw = Buffer.from(data, 'base64');
    try {
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  /**
   * What to store for a personal value: encrypted with the current key, or
   * null when there is no value or no key (never kept in clear).
   */
  seal(plain: string | null | undefined): string | null {
    return plain && this.hasKey ? this.encrypt(plain) : null;
  }

  /** A stored column value in clear: null stays null, otherwise as {@link FieldCipher.decrypt}. */
  open(stored: string | null): string | null {
    return stored === null ? null : this.decrypt(stored);
  }

  /** Whether a stored value is already encrypted with the current key. */
  isCurrent(stored: string): boolean {
    return this.currentId !== undefined && stored.startsWith(`${PREFIX}${this.currentId}:`);
  }
}

const NO_KEY = new FieldCipher(undefined);
const byDb = new WeakMap<Db, FieldCipher>();

/** Sets the cipher of a database connection (the app and the CLIs, from the configuration). */
export function setCipher(db: Db, cipher: FieldCipher): void {
  byDb.set(db, cipher);
}

/** The cipher of a database connection; one without a key when none was set. */
export function cipherOf(db: Db): FieldCipher {
  return byDb.get(db) ?? NO_KEY;
}

/** The cipher the configuration describes (`DATA_ENCRYPTION_KEY`, `DATA_ENCRYPTION_KEYS_OLD`). */
export function cipherFromConfig(c: {
  DATA_ENCRYPTION_KEY?: Buffer;
  DATA_ENCRYPTION_KEYS_OLD?: Buffer[];
}): FieldCipher {
  return new FieldCipher(c.DATA_ENCRYPTION_KEY, c.DATA_ENCRYPTION_KEYS_OLD ?? []);
}
