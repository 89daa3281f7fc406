/** The longest address SMTP carries (RFC 5321: 254 characters in a path). */
export const MAX_EMAIL_LENGTH = 254;

const LOCAL_PART =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+)*$/;
const ASCII_DOMAIN =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

function domainToAscii(domain: string): string | null {
  try {
    // The URL parser applies IDNA (UTS #46) in browsers and Node alike: bücher.de → xn--bcher-kva.de.
    return new URL(`http://${domain}`).hostname;
  } catch {
    return null;
  }
}

/**
 * One address, one account: trims, applies Unicode NFKC (so a full-width ＠ is an @), lower-cases and
 * turns an international domain into punycode. Returns null when the result is not a deliverable address.
 */
export function normalizeEmail(input: string): string | null {
  const trimmed = input.trim();
  // NFKC can shorten a string (it composes), but not by this much: longer input is refused before the
  // work of normalising it, which a megabyte-long word would otherwise cost.
  if (trimmed.length > MAX_EMAIL_LENGTH * 4) return null;
  const folded = trimmed.normalize("NFKC").toLowerCase();
  if (
    folded.length === 0 ||
    folded.length > MAX_EMAIL_LENGTH ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
    /[\s\u0000-\u001f\u007f<>()[\],;:"\\]/.test(folded)
  ) {
    return null;
  }
  const at = folded.lastIndexOf("@");
  if (at <= 0 || at !== folded.indexOf("@")) return null;
  const local = folded.slice(0, at);
  const domain = domainToAscii(folded.slice(at + 1));
  if (!domain || local.length > 64 || !LOCAL_PART.test(local) || !ASCII_DOMAIN.test(domain)) return null;
  return `${local}@${domain}`;
}
