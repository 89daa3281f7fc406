/**
 * Table types: every query is checked against these. Times are ISO-8601 UTC strings on both databases
 * (PostgreSQL `timestamptz` is read back as ISO text, see connection.ts); ids are UUIDv7 strings.
 */

import type { ColumnType } from "kysely";
import type { ContractorStatus } from "../../common/contractor-status.ts";
import type { SupportAuthorSide, SupportConversationStatus } from "../../common/support.ts";
import type { TaskStatus } from "../../common/task-status.ts";
import type { TokenPurpose } from "../../common/wire/auth.ts";
import type { ImportStatus } from "../../common/wire/imports.ts";
import type { CompanyRole, PlatformRole } from "../../common/wire/me.ts";
import type { TaskPaymentStatus, TransferKind } from "../../common/wire/money.ts";
import type { PayoutBatchStatus, WithdrawalStatus } from "../../common/wire/payouts.ts";

// The stored values are the wire's: one declaration each, in src/common.
export type { ContractorStatus, PlatformRole, TokenPurpose };
export type MembershipRole = CompanyRole;
/** `held`: a company's email kept until its owner confirms their address; never sent while held. */
export type OutboxStatus = "held" | "queued" | "sending" | "sent" | "failed";
export type JobStatus = "queued" | "running" | "done" | "failed";
export type SearchEntity = "contractor" | "task";

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  email_verified_at: string | null;
  platform_role: PlatformRole | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
  /** Asked to be deleted: the account goes at this instant unless its owner signs in before. */
  deletion_due_at: string | null;
  /** Deleted: the name and address are gone; the row stays for the companies' tasks and money records. */
  deleted_at: string | null;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  /** The browser that signed in (its User-Agent header) and its address, for the list of sessions. */
  user_agent: string | null;
  ip: string | null;
}

export interface AuthTokensTable {
  id: string;
  token_hash: string;
  purpose: TokenPurpose;
  user_id: string;
  contractor_id: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
  /** For a link that confirms or undoes a change of address: that change. */
  email_change_id: string | null;
}

export interface CompaniesTable {
  id: string;
  name: string;
  created_at: string;
  /** 1: every member must sign in with a second step (its owner asked). */
  two_step_required: ColumnType<number, number | undefined, number>;
  /** Its owner deleted it: no members or contractors any more; its tasks and money records stay. */
  closed_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MembershipsTable {
  company_id: string;
  user_id: string;
  role: MembershipRole;
  created_at: string;
}

export interface ContractorsTable {
  id: string;
  company_id: string;
  user_id: string;
  status: ContractorStatus;
  invited_by: string | null;
  welcome_message: string | null;
  invited_at: string;
  accepted_at: string | null;
  activated_at: string | null;
  removed_at: string | null;
  invitation_email_id: string | null;
  created_at: string;
  updated_at: string;
  /**
   * The name this company sees: the display name it typed, else the address's local part; the legal name of
   * the required information once the contractor accepted and completed it. Never the account's own name.
   */
  name: string;
  /** The relation's name and the email as search words (`searchTextOf`), for search walks down the list's indexes. */
  search_text: string;
}

export interface ContractorProfilesTable {
  user_id: string;
  first_name: string;
  last_name: string;
  country: string;
  city: string;
  address: string;
  postal_code: string;
  tax_id: string;
  phone: string;
  agreement_accepted_at: string;
  completed_at: string;
  updated_at: string;
}

export interface TasksTable {
  id: string;
  company_id: string;
  number: number;
  title: string;
  description: string;
  /** Read as a TaskStatus; written from src/common/task-status.ts (plain strings still type-check on write). */
  status: ColumnType<TaskStatus, string, string>;
  contractor_id: string | null;
  amount_minor: number;
  currency: string;
  deadline: string | null;
  project: string | null;
  external_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** What the contractor submitted last (text, and an optional link). */
  result_text: string | null;
  result_link: string | null;
  /** The title as search words (`searchTextOf`), for search walks down the list's indexes. */
  search_text: string;
  /** The import that created the task, if one did. */
  import_id: ColumnType<string | null, string | null | undefined, string | null>;
  /**
   * No longer read: 0 marked a task an import had not shown yet. A task is now shown unless its import is
   * still committing (tasks/access.ts `shownTask`); new tasks are written with 1.
   */
  visible: ColumnType<number, number | undefined, number>;
}

/** The last task number given in each company. */
export interface TaskCountersTable {
  company_id: string;
  last_number: number;
}

export interface TaskEventsTable {
  id: string;
  task_id: string;
  at: string;
  actor_user_id: string;
  from_status: TaskStatus | null;
  to_status: TaskStatus;
  comment: string | null;
}

/** One row per word of a searchable name, title or email, for "starts with" search on an index. */
export interface SearchTermsTable {
  entity: SearchEntity;
  entity_id: string;
  company_id: string;
  term: string;
}

export interface OutboxEmailsTable {
  id: string;
  recipient: string;
  template: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string | null;
  sent_at: string | null;
  dedupe_key: string | null;
  created_at: string;
  /** The company whose invitation or task email this is (null for account emails). */
  company_id: string | null;
  /** The request that queued it (migration 0026), logged when it is sent; null when no request did. */
  request_id: string | null;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  status: JobStatus;
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  /** The request that queued it (migration 0026), logged when it runs; null when no request did. */
  request_id: string | null;
}

export interface RateLimitsTable {
  key: string;
  hits: number;
  window_ends_at: string;
}

export interface AuditLogTable {
  id: string;
  company_id: string | null;
  actor_user_id: string | null;
  action: string;
  subject_id: string | null;
  data: string | null;
  at: string;
}

/** One row per submission (or resend) that sent invitations: the hourly limit sums `count` over an hour. */
export interface InvitationLogTable {
  id: string;
  company_id: string;
  at: string;
  count: number;
}

/** One uploaded task import file: its facts, its reading's progress and its counts. */
export interface TaskImportsTable {
  id: string;
  company_id: string;
  created_by: string;
  status: ImportStatus;
  file_name: string;
  file_kind: "csv" | "xlsx" | null;
  file_size: number;
  file_sha256: string;
  encoding: string | null;
  delimiter: string | null;
  progress_done: number;
  progress_total: number;
  total_rows: number;
  valid_rows: number;
  invalid_rows: number;
  duplicate_rows: number;
  error_count: number;
  same_file_as: string | null;
  /** JSON array of strings. */
  warnings: string;
  error: string | null;
  /** JSON array of the header row's texts as uploaded (the error file repeats it). */
  header: string | null;
  created_at: string;
  updated_at: string;
  committed_at: string | null;
  created_tasks: number | null;
  invited_contractors: number | null;
  /** Committing: 1 when the tasks are offered, 0 when they stay Draft; null before the commit. */
  commit_send: ColumnType<number | null, number | null | undefined, number | null>;
  committed_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** The last staged row number written as a task (rows are written in row order). */
  commit_cursor: ColumnType<number, number | undefined, number>;
  /** 1 once the commit's contractors are invited or found. */
  contractors_ready: ColumnType<number, number | undefined, number>;
  /** Sent tasks left Draft because a hook (funding) refused to send them. */
  unfunded_tasks: ColumnType<number | null, number | null | undefined, number | null>;
  /** Valid rows not written because a task took their External ID after the preview. */
  skipped_rows: ColumnType<number | null, number | null | undefined, number | null>;
  /** The job that commits the import. */
  job_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The last contractor address the commit invited (addresses are invited in order, in slices). */
  invite_cursor: ColumnType<string | null, string | null | undefined, string | null>;
  /** The last contractor whose offer email the commit queued (held until the import is shown). */
  offers_cursor: ColumnType<string | null, string | null | undefined, string | null>;
}

export type ImportRowStatus = "valid" | "invalid" | "duplicate";

/** One data row of an import, by its spreadsheet row number: the task it makes, or its cells as uploaded. */
export interface TaskImportRowsTable {
  import_id: string;
  row_number: number;
  status: ImportRowStatus;
  contractor_email: string | null;
  contractor_name: string | null;
  title: string | null;
  description: string | null;
  amount_minor: number | null;
  currency: string | null;
  deadline: string | null;
  project: string | null;
  external_id: string | null;
  /** Invalid rows: JSON array of the row's cells as text, as uploaded. */
  cells: string | null;
}

/** The errors of an import, numbered 1, 2, 3… in row order (the paging cursor). */
export interface TaskImportErrorsTable {
  import_id: string;
  seq: number;
  row_number: number;
  column_name: string | null;
  message: string;
}

export interface SupportConversationsTable {
  id: string;
  /** The signed-in person's account; null for a visitor (guest_name, guest_email). */
  user_id: string | null;
  guest_name: string | null;
  /** Normalised, as typed by the visitor: not verified. */
  guest_email: string | null;
  status: SupportConversationStatus;
  created_at: string;
  updated_at: string;
  last_message_at: string;
  closed_at: string | null;
  closed_by: string | null;
  /** The id of the last message the agents have read (ids grow with time). */
  agent_read_through: string | null;
  /** The id of the last message the person has read. */
  person_read_through: string | null;
  /** The id of the last reply sent to the person by email. */
  emailed_through: string | null;
  /** When the unread replies go to the person by email; null when none waits. */
  reply_email_due_at: string | null;
}

export interface SupportMessagesTable {
  id: string;
  conversation_id: string;
  author_side: SupportAuthorSide;
  author_user_id: string | null;
  /** The author's name when they wrote it. */
  author_name: string;
  body: string;
  created_at: string;
}

/** A visitor's proof of their conversation: their browser's cookie, or a link emailed to them. */
export type SupportGuestTokenKind = "cookie" | "link";

export interface SupportGuestTokensTable {
  id: string;
  conversation_id: string;
  /** SHA-256 of the secret; the secret itself is only in the cookie or the email. */
  token_hash: string;
  kind: SupportGuestTokenKind;
  created_at: string;
  expires_at: string;
  /** A link works once: opening it gives the browser a cookie of its own. */
  used_at: string | null;
}

/** A change of a person's address: waiting for the new address to confirm, done, or undone by the old one. */
export interface EmailChangesTable {
  id: string;
  user_id: string;
  old_email: string;
  new_email: string;
  requested_at: string;
  confirmed_at: string | null;
  cancelled_at: string | null;
}

/** The authenticator app's shared secret (base32); `confirmed_at` null while it is being set up. */
export interface TwoStepSecretsTable {
  user_id: string;
  secret: string;
  confirmed_at: string | null;
  /** The last 30-second step whose code was accepted: a code works once. */
  last_used_step: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: string;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** A browser that may skip the second step for 30 days: its cookie's secret, hashed. */
export interface RememberedDevicesTable {
  id: string;
  user_id: string;
  token_hash: string;
  user_agent: string | null;
  ip: string | null;
  created_at: string;
  last_used_at: string;
  expires_at: string;
}

/** A sign-in whose password was right, waiting 5 minutes at most for its second step. */
export interface PendingSignInsTable {
  id: string;
  token_hash: string;
  user_id: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  expires_at: string;
  failures: number;
  used_at: string | null;
}

/** One line of a person's security history. */
export interface AccountEventsTable {
  id: string;
  user_id: string;
  kind: string;
  at: string;
  ip: string | null;
  user_agent: string | null;
  detail: string | null;
}

export type AccountExportStatus = "preparing" | "ready" | "failed";

export interface AccountExportsTable {
  id: string;
  user_id: string;
  status: AccountExportStatus;
  requested_at: string;
  ready_at: string | null;
  expires_at: string | null;
  /** The JSON archive, once ready. */
  archive: string | null;
}

/** Money (migration 0014). Balances and amounts are integer minor units. */
export type { TaskPaymentStatus, TransferKind };

export type AccountOwnerKind = "company" | "contractor" | "operator" | "bank";
export type AccountPurpose = "available" | "reserved" | "withdrawing" | "fees" | "bank";

export interface LedgerAccountsTable {
  id: string;
  currency: string;
  owner_kind: AccountOwnerKind;
  owner_id: string | null;
  purpose: AccountPurpose;
  balance: ColumnType<number, number | undefined, number>;
  created_at: string;
}

export type TransferReferenceType = "task" | "top_up" | "withdrawal" | "payout_batch";

/** Immutable: the database refuses UPDATE and DELETE. */
export interface LedgerTransfersTable {
  id: string;
  at: string;
  kind: TransferKind;
  amount: number;
  currency: string;
  debit_account: string;
  credit_account: string;
  company_id: string | null;
  contractor_user_id: string | null;
  reference_type: TransferReferenceType;
  reference_id: string;
  reference_label: string;
}

export interface TaskPaymentsTable {
  task_id: string;
  company_id: string;
  status: TaskPaymentStatus;
  amount_minor: number;
  fee_minor: number;
  currency: string;
  shortfall_minor: number | null;
  updated_at: string;
}

export interface DocumentCountersTable {
  kind: string;
  year: number;
  last_number: number;
}

export type TopUpStatus = "awaiting_payment" | "received" | "cancelled";

export interface TopUpsTable {
  id: string;
  company_id: string;
  number: string;
  amount_minor: number;
  currency: string;
  status: TopUpStatus;
  payment_reference: string;
  received_amount_minor: number | null;
  test_funds: ColumnType<number, number | undefined, number>;
  requested_by: string | null;
  received_by: string | null;
  created_at: string;
  received_at: string | null;
}

/** Through which door a change came: the web app, an API token, the support console, finance, or the app itself. */
export type AuditDoor = "web" | "api" | "support" | "finance" | "system";

/** One entry of the audit trail (migration 0017): never updated, never deleted but with its company. */
export interface AuditEntriesTable {
  id: string;
  /** Null: the operator's own trail (finance, support). */
  company_id: string | null;
  at: string;
  actor_user_id: string | null;
  door: AuditDoor;
  /** The API token the change came through (door `api`). */
  token_id: string | null;
  /** What was done, as `subject.verb`: `contractor.invited`, `task.accepted`, `member.removed`, … */
  action: string;
  subject_type: string;
  subject_id: string | null;
  /** One line a person reads in the log: "Invited ana@example.com". */
  summary: string;
  /** JSON object with the facts of the change (amounts, old and new values). */
  details: string | null;
}

/** A company's API token (migration 0020): acts as its company with its role; only its SHA-256 is kept. */
export interface ApiTokensTable {
  id: string;
  company_id: string;
  name: string;
  role: MembershipRole;
  token_hash: string;
  /** The owner who created it: the person the token's changes are made for. */
  created_by: string;
  created_at: string;
  /** Written at most once a minute. */
  last_used_at: string | null;
  revoked_at: string | null;
}

/** The first answer to an `Idempotency-Key` request (migration 0020), replayed for 24 hours. */
export interface IdempotencyKeysTable {
  /** The company and the credential (`<company>:token:<id>` or `<company>:user:<id>`). */
  scope: string;
  key: string;
  /** SHA-256 of the method, path and body: the same key with another request answers 422. */
  fingerprint: string;
  /** Null while the first request is still running. */
  status: number | null;
  content_type: string | null;
  body: string | null;
  created_at: string;
  expires_at: string;
}

export type DocumentKind = "act" | "statement";
export type DocumentSide = "company" | "contractor";

/** An issued document (migration 0019): its PDF as issued, never updated. */
export interface DocumentsTable {
  id: string;
  /** `ACT-2026-000001`, `ST-2026-000001`: numbered per kind and year of issue. */
  number: string;
  kind: DocumentKind;
  side: DocumentSide;
  company_id: string | null;
  contractor_user_id: string | null;
  task_id: string | null;
  /** `2026-11`: a statement's month, or the month an act was issued in. */
  month: string;
  /** A statement's month; null for an act. */
  period: string | null;
  title: string;
  issue_key: string;
  pdf: Buffer;
  created_at: string;
}

export type StatementRunStatus = "running" | "done" | "failed";

/** Issuing one month's statements, done by a job (migration 0019). */
export interface StatementRunsTable {
  id: string;
  period: string;
  status: StatementRunStatus;
  total: number;
  issued: number;
  skipped: number;
  cursor: string | null;
  requested_by: string | null;
  job_id: string;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

export type WebhookEndpointStatus = "active" | "disabled";

/** A company's webhook (migration 0021). `secret` signs the deliveries; it is shown to the owner once. */
export interface WebhookEndpointsTable {
  id: string;
  company_id: string;
  url: string;
  description: string;
  /** JSON array of the event types it hears. */
  events: string;
  secret: string;
  status: WebhookEndpointStatus;
  consecutive_failures: number;
  disabled_at: string | null;
  disabled_reason: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** queued → sending (claimed) → delivered, or queued again after a failure, or failed at the last attempt. */
export type WebhookDeliveryStatus = "queued" | "sending" | "delivered" | "failed" | "cancelled";

/** One event to one endpoint: the webhook outbox and its delivery log (migration 0021). */
export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  company_id: string;
  event_id: string;
  event_type: string;
  /** The exact JSON body that is signed and sent. */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  /** The receiver's HTTP status of the last attempt; null when no answer came. */
  response_status: number | null;
  last_error: string | null;
  duration_ms: number | null;
  /** The delivery this one repeats (a manual redelivery). */
  redelivery_of: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  companies: CompaniesTable;
  memberships: MembershipsTable;
  contractors: ContractorsTable;
  contractor_profiles: ContractorProfilesTable;
  tasks: TasksTable;
  task_counters: TaskCountersTable;
  task_events: TaskEventsTable;
  search_terms: SearchTermsTable;
  outbox_emails: OutboxEmailsTable;
  jobs: JobsTable;
  rate_limits: RateLimitsTable;
  audit_log: AuditLogTable;
  invitation_log: InvitationLogTable;
  task_imports: TaskImportsTable;
  task_import_rows: TaskImportRowsTable;
  task_import_errors: TaskImportErrorsTable;
  support_conversations: SupportConversationsTable;
  support_messages: SupportMessagesTable;
  support_guest_tokens: SupportGuestTokensTable;
  email_changes: EmailChangesTable;
  two_step_secrets: TwoStepSecretsTable;
  recovery_codes: RecoveryCodesTable;
  remembered_devices: RememberedDevicesTable;
  pending_sign_ins: PendingSignInsTable;
  account_events: AccountEventsTable;
  account_exports: AccountExportsTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_transfers: LedgerTransfersTable;
  task_payments: TaskPaymentsTable;
  document_counters: DocumentCountersTable;
  top_ups: TopUpsTable;
  audit_entries: AuditEntriesTable;
  api_tokens: ApiTokensTable;
  idempotency_keys: IdempotencyKeysTable;
  documents: DocumentsTable;
  statement_runs: StatementRunsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  payout_details: PayoutDetailsTable;
  withdrawals: WithdrawalsTable;
  payout_batches: PayoutBatchesTable;
}

/** Payouts (migration 0018). */
export type { PayoutBatchStatus, WithdrawalStatus };

export interface PayoutDetailsTable {
  user_id: string;
  account_holder: string;
  iban: string;
  bic: string;
  created_at: string;
  updated_at: string;
}

export interface WithdrawalsTable {
  id: string;
  number: string;
  user_id: string;
  amount_minor: number;
  currency: string;
  status: WithdrawalStatus;
  account_holder: string;
  iban: string;
  bic: string;
  batch_id: string | null;
  reason: string | null;
  created_at: string;
  settled_at: string | null;
}

export interface PayoutBatchesTable {
  id: string;
  number: string;
  currency: string;
  status: PayoutBatchStatus;
  item_count: number;
  total_minor: number;
  created_by: string | null;
  created_at: string;
  sent_at: string | null;
  settled_at: string | null;
}
