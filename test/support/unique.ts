let counter = 0;

/** A string no other call returns in this process (time-based, so also across runs): names, addresses. */
export function unique(): string {
  return `${Date.now().toString(36)}${(++counter).toString(36)}`;
}

/** An address no other test uses, its local part starting with `label`. */
export function uniqueEmail(label = "user", domain = "example.com"): string {
  return `${label}.${unique()}@${domain}`;
}
