/** Words shorter than this are not worth a row of their own: they still match as prefixes of longer words. */
const MAX_TERM_LENGTH = 64;

/** Case-folds text the same way in the browser, on the server and in every database: NFKC, then lower case. */
export function foldForSearch(text: string): string {
  return text.normalize("NFKC").toLocaleLowerCase("und").trim();
}

/**
 * The words "starts with" search matches: every word of every text (letters and digits of any script),
 * and each whole text that contains separators (so "anna@example.com" is found by typing it in full).
 */
export function searchTermsOf(...texts: Array<string | null | undefined>): string[] {
  const terms = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const folded = foldForSearch(text);
    for (const word of folded.split(/[^\p{L}\p{N}]+/u)) if (word) terms.add(word.slice(0, MAX_TERM_LENGTH));
    if (/[^\p{L}\p{N}]/u.test(folded) && !/\s/.test(folded)) terms.add(folded.slice(0, MAX_TERM_LENGTH));
  }
  return [...terms];
}

/** What the user typed, as the prefix to look for: folded, and cut to the first word if they typed several. */
export function searchPrefixOf(query: string): string | null {
  const folded = foldForSearch(query);
  return folded ? folded.slice(0, MAX_TERM_LENGTH) : null;
}
