/**
 * Query keys shared by the pages and the live-events hook, so that an event can refresh exactly the lists
 * it changes. Pages of a company key their queries under `company(cid)`; a contractor's own tasks under
 * `myTasks()`.
 */
export const queryKeys = {
  me: () => ["me"] as const,
  company: (companyId: string) => ["companies", companyId] as const,
  contractors: (companyId: string) => ["companies", companyId, "contractors"] as const,
  tasks: (companyId: string) => ["companies", companyId, "tasks"] as const,
  /** The company's emails held until its owner confirms their address. */
  heldEmails: (companyId: string) => ["companies", companyId, "held-emails"] as const,
  taskImports: (companyId: string) => ["companies", companyId, "task-imports"] as const,
  /** The company's settings page: its name, team and API tokens (owners). */
  companySettings: (companyId: string) => ["companies", companyId, "settings"] as const,
  /** The company's home: counts of its contractors and tasks, changed by the events of either. */
  overview: (companyId: string) => ["companies", companyId, "overview"] as const,
  myTasks: () => ["me", "tasks"] as const,
  /** The Account page: everything under it (sessions, devices, history, archives). */
  account: () => ["account"] as const,
  /** The company's balances, transfers and top-ups. */
  companyMoney: (companyId: string) => ["companies", companyId, "money"] as const,
  /** The contractor's earnings and their history. */
  myMoney: () => ["me", "money"] as const,
  /** The contractor's earnings per month (under myMoney: a balance event refreshes it). */
  myEarnings: () => ["me", "money", "earnings-per-month"] as const,
  /** The company's acts and statements. */
  companyDocuments: (companyId: string) => ["companies", companyId, "documents"] as const,
  /** The contractor's own acts and statements. */
  myDocuments: () => ["me", "documents"] as const,
  /** The company's audit log (owners). */
  audit: (companyId: string) => ["companies", companyId, "audit"] as const,
  /** The company's webhooks and their delivery logs (owners). */
  webhooks: (companyId: string) => ["companies", companyId, "webhooks"] as const,
  /** The finance console's lists. */
  finance: () => ["finance"] as const,
  /** The person's own chat (the panel of every page). */
  supportChat: () => ["support", "chat"] as const,
  /** The console: its list, each thread and each context live under this key. */
  supportConsole: () => ["support", "conversations"] as const,
  supportConversations: (status: string) => ["support", "conversations", "list", status] as const,
  supportConversation: (conversationId: string) => ["support", "conversations", conversationId] as const,
  supportContext: (conversationId: string) =>
    ["support", "conversations", conversationId, "context"] as const,
};
