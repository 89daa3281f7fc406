import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Secrets the server must read back (an authenticator's key) are stored sealed: AES-256-GCM with
 * SECRETS_KEY, a fresh 96-bit nonce per value, and the row they belong to as associated data, so a value
 * copied to another row does not open. Stored as `v1:` + base64url(nonce ‖ tag ‖ ciphertext); a value
 * without the prefix is a row written before sealing, read as it is and sealed at its next use.
 */
const VERSION = "v1:";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function isSealed(stored: string): boolean {
  return stored.startsWith(VERSION);
}

export function seal(key: Buffer, plaintext: string, boundTo: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(boundTo, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return VERSION + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString("base64url");
}

/** The plaintext of a stored value (sealed, or an old plaintext row). A wrong key or a tampered value throws. */
export function unseal(key: Buffer, stored: string, boundTo: string): string {
  if (!isSealed(stored)) return stored;
  const raw = Buffer.from(stored.slice(VERSION.length), "base64url");
  if (raw.length < NONCE_BYTES + TAG_BYTES) throw new Error("A sealed secret is too short");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(boundTo, "utf8"));
  decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new Error("A sealed secret does not open with SECRETS_KEY (was the key changed?)");
  }
}
