import type { JoinedCompany } from "../../common/wire/auth.ts";

/** What a page opened after a set-password link is told: the companies the link made the person join. */
export interface JoinedState {
  joined: JoinedCompany[];
}

/** The companies in a page's navigation state, if it came with any. */
export function joinedFrom(state: unknown): JoinedCompany[] {
  if (typeof state !== "object" || state === null || !("joined" in state)) return [];
  const { joined } = state as JoinedState;
  return Array.isArray(joined) ? joined.filter((c) => typeof c?.companyName === "string") : [];
}

/** "Acme", "Acme and Globex", "Acme, Globex and Initech". */
export function companyList(companies: JoinedCompany[]): string {
  const names = companies.map((c) => c.companyName);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
