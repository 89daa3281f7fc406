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
  myTasks: () => ["me", "tasks"] as const,
  supportConversation: (conversationId: string) => ["support", "conversations", conversationId] as const,
};
