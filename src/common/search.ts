/** At most this many words of a query count. */
const MAX_PREFIXES = 5;
/**
 * A row's inline search words stop here (an index entry must stay far below PostgreSQL's 2,704 bytes); the
 * search-terms table keeps every word regardless.
 */
const MAX_SEARCH_TEXT_LENGTH = 500;
/** Longer words are kept by their first this many characters, which is what a search can ask for. */
const MAX_TERM_LENGTH = 64;

/** Case-folds text the same way in the browser, on the server and in every database: NFKC, then lower case. */
function foldForSearch(text: string): string {
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

/**
 * What the user typed, as the word starts to look for: folded, one per word typed ("ann smi" finds Ann
 * Smith), at most a few. Empty when nothing searchable was typed.
 */
export function searchPrefixesOf(query: string): string[] {
  const words = foldForSearch(query)
    .split(/\s+/u)
    .filter(Boolean)
    .map((word) => word.slice(0, MAX_TERM_LENGTH));
  return [...new Set(words)].slice(0, MAX_PREFIXES);
}

/** A row's search words kept on the row itself, " word word …", so a list can test them as it walks. */
export function searchTextOf(...texts: Array<string | null | undefined>): string {
  let text = "";
  for (const term of searchTermsOf(...texts)) {
    if (text.length + 1 + term.length > MAX_SEARCH_TEXT_LENGTH) break;
    text += ` ${term}`;
  }
  return text;
}

/** What `searchTextOf` contains exactly when one of its words starts with `prefix`. */
export function wordStartNeedle(prefix: string): string {
  return ` ${prefix}`;
}
