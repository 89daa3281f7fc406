import { createHash, randomBytes } from "node:crypto";

/** 256 bits from the CSPRNG, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Tokens are stored only as their SHA-256: a database leak does not hand out sessions or links. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
