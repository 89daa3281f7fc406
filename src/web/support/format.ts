import { formatDateTime, formatTime } from "../../common/format.ts";

/** A message's time: the time alone today, the date and time before, in the reader's language and zone. */
export function formatMessageTime(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  return at.toDateString() === now.toDateString() ? formatTime(iso) : formatDateTime(iso);
}

/** What the console calls an email kind (the outbox's template name). */
const EMAIL_KINDS: Record<string, string> = {
  "contractor-invitation-new": "Invitation (new account)",
  "contractor-invitation-existing": "Invitation (existing account)",
  "contractor-active": "Now active",
  "password-recovery": "Password link",
  "email-verification": "Email confirmation",
  "support-reply": "Support reply",
  "support-agent-welcome": "Support agent welcome",
};

export function emailKindLabel(kind: string): string {
  return EMAIL_KINDS[kind] ?? kind.replace(/-/g, " ");
}
