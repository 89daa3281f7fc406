import { type Algorithm, hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";
import { PASSWORD_MIN_LENGTH, passwordLengthProblem } from "../../common/passwords.ts";
import { invalidField } from "../http/problem.ts";
import { passwordHashing } from "./hashing-slots.ts";

/** OWASP's argon2id parameters: 19 MiB of memory, 2 passes, 1 lane. They show in every stored hash. */
const ARGON2_OPTIONS = {
  // `Algorithm` is a const enum, which isolated modules cannot inline: 2 is Argon2id.
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

export function hashPassword(password: string): Promise<string> {
  return passwordHashing.run(() => hash(password, ARGON2_OPTIONS));
}

let dummyHash: Promise<string> | null = null;

/**
 * Checks a password against a stored hash. Without a hash (no such account, or an invited account that has
 * no password yet) it checks against a throwaway hash and fails, so every failure costs the same time.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword(`dummy-${Math.random()}`);
    const throwaway = await dummyHash;
    await passwordHashing.run(() => verify(throwaway, password).catch(() => false));
    return false;
  }
  return passwordHashing.run(() => verify(storedHash, password).catch(() => false));
}

let common: Set<string> | null = null;

/** The most common passwords long enough to pass the length rule, lower-cased; loaded once. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    (dictionary["passwords-common"] as string[])
      .filter((p) => p.length >= PASSWORD_MIN_LENGTH)
      .map((p) => p.toLowerCase()),
  );
  return common;
}

/**
 * NIST SP 800-63B rules: 8 to 128 characters, no composition rules, and none of the passwords attackers
 * try first. Returns the message to show, or null when the password is acceptable.
 */
export function checkPasswordRules(password: string): string | null {
  const lengthProblem = passwordLengthProblem(password);
  if (lengthProblem) return lengthProblem;
  if (commonPasswords().has(password.toLowerCase())) {
    return "This password is one of the most common ones; choose another.";
  }
  return null;
}

/**
 * A new password checked and hashed, or 400 naming the password field. Hashing takes tens of milliseconds:
 * callers do it before their transaction, so no transaction (on SQLite: no other request) waits on it.
 */
export async function hashNewPassword(password: string): Promise<string> {
  const problem = checkPasswordRules(password);
  if (problem) throw invalidField("password", problem);
  return hashPassword(password);
}
