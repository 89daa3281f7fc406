import { SECURITY_EVENT_LABELS, type SecurityEventKind } from "../../common/account.ts";
import { formatDateTime } from "../../common/format.ts";
import { appLink, EMAIL_LOCALE, renderEmail } from "../mail/layout.ts";
import type { EmailMessage } from "../mail/outbox.ts";

/** The emails of the person's own account. Links on APP_URL only; every text is plain. */

const when = (at: Date) => `${formatDateTime(at.toISOString(), EMAIL_LOCALE, "UTC")} UTC`;

const NOT_YOU =
  "If this was not you, choose a new password with Forgot password? on the sign-in page at once, and write to support.";

/** Every security change of the account: what changed, when, and what to do if it was not them. */
export function securityNoticeEmail(
  appUrl: string,
  input: { name: string; kind: SecurityEventKind; at: Date },
): EmailMessage {
  const what = SECURITY_EVENT_LABELS[input.kind];
  return {
    template: `security-${input.kind}`,
    ...renderEmail({
      subject: `Crewdesk security: ${what.toLowerCase()}`,
      heading: `Hello ${input.name}`,
      blocks: [
        { kind: "paragraph", text: `${what} on your Crewdesk account, ${when(input.at)}.` },
        { kind: "action", label: "Review your account", url: appLink(appUrl, "/account") },
        { kind: "note", text: NOT_YOU },
      ],
    }),
  };
}

/** The password changed: a recovery link in case it was not them (it ends every session again). */
export function passwordChangedEmail(
  appUrl: string,
  input: { name: string; at: Date; recoveryToken: string },
): EmailMessage {
  return {
    template: "password-changed",
    ...renderEmail({
      subject: "Your Crewdesk password changed",
      heading: `Hello ${input.name}`,
      blocks: [
        {
          kind: "paragraph",
          text: `The password of your Crewdesk account was changed ${when(input.at)}. Every other device was signed out.`,
        },
        {
          kind: "paragraph",
          text: "If this was not you, take your account back: choose a new password with this link, which signs out everyone else.",
        },
        {
          kind: "action",
          label: "This was not me: choose a new password",
          url: appLink(appUrl, "/set-password", { token: input.recoveryToken }),
        },
        {
          kind: "note",
          text: "The link is valid for 1 hour and works once; after that, use Forgot password? on the sign-in page.",
        },
      ],
    }),
  };
}

/** To the new address: confirm it. Until then nothing changes. */
export function confirmNewEmailEmail(appUrl: string, input: { name: string; token: string }): EmailMessage {
  return {
    template: "email-change-confirm",
    ...renderEmail({
      subject: "Confirm your new email address for Crewdesk",
      heading: `Hello ${input.name}`,
      blocks: [
        {
          kind: "paragraph",
          text: "You asked to sign in to Crewdesk with this address from now on. Confirm that it is yours; until you do, nothing changes.",
        },
        {
          kind: "action",
          label: "Confirm my new address",
          url: appLink(appUrl, "/confirm-email-change", { token: input.token }),
        },
        {
          kind: "note",
          text: "The link is valid for 3 days and works once. If you did not ask, ignore this email.",
        },
      ],
    }),
  };
}

/**
 * To the new address when it already has an account: the person asking learns nothing (they get the same
 * answer), the owner of the address learns that someone tried.
 */
export function addressTakenEmail(appUrl: string): EmailMessage {
  return {
    template: "email-change-taken",
    ...renderEmail({
      subject: "Someone tried to move a Crewdesk account to this address",
      heading: "Hello",
      blocks: [
        {
          kind: "paragraph",
          text: "Someone asked to change the address of a Crewdesk account to this one. This address already has a Crewdesk account, so nothing changed.",
        },
        {
          kind: "paragraph",
          text: "If it was you, sign in with this address, or use Forgot password? if you do not remember the password.",
        },
        { kind: "action", label: "Sign in", url: appLink(appUrl, "/sign-in") },
      ],
    }),
  };
}

/** To the old address: the change, and the link that undoes it for 7 days. */
export function emailChangeNoticeEmail(
  appUrl: string,
  input: { name: string; newEmail: string; token: string },
): EmailMessage {
  return {
    template: "email-change-notice",
    ...renderEmail({
      subject: "The email address of your Crewdesk account is changing",
      heading: `Hello ${input.name}`,
      blocks: [
        {
          kind: "paragraph",
          text: `Someone signed in to your Crewdesk account asked to use ${input.newEmail} from now on. It changes once that address confirms it.`,
        },
        {
          kind: "paragraph",
          text: "If this was not you, undo it: the account keeps (or gets back) this address, and every device is signed out.",
        },
        {
          kind: "action",
          label: "This was not me: undo the change",
          url: appLink(appUrl, "/cancel-email-change", { token: input.token }),
        },
        {
          kind: "note",
          text: "The link works once, for 7 days. Then choose a new password with Forgot password?.",
        },
      ],
    }),
  };
}

/** The archive of the person's data is ready. */
export function exportReadyEmail(appUrl: string, input: { name: string }): EmailMessage {
  return {
    template: "account-export-ready",
    ...renderEmail({
      subject: "Your Crewdesk data is ready to download",
      heading: `Hello ${input.name}`,
      blocks: [
        { kind: "paragraph", text: "The copy of your Crewdesk data that you asked for is ready." },
        { kind: "action", label: "Download it from your account", url: appLink(appUrl, "/account") },
        { kind: "note", text: "Sign in to download it. It is kept for 7 days." },
      ],
    }),
  };
}

/** The account will be deleted after the grace period, unless its owner signs in. */
export function deletionScheduledEmail(appUrl: string, input: { name: string; dueAt: Date }): EmailMessage {
  return {
    template: "account-deletion-scheduled",
    ...renderEmail({
      subject: "Your Crewdesk account will be deleted",
      heading: `Hello ${input.name}`,
      blocks: [
        {
          kind: "paragraph",
          text: `Your Crewdesk account will be deleted ${when(input.dueAt)}. Every device was signed out.`,
        },
        {
          kind: "paragraph",
          text: "Changed your mind? Sign in before then: signing in cancels the deletion.",
        },
        { kind: "action", label: "Sign in to keep my account", url: appLink(appUrl, "/sign-in") },
      ],
    }),
  };
}

/** A company was deleted by its owner: its members lost it (the owner is told it is done). */
export function companyClosedEmail(
  appUrl: string,
  input: { name: string; company: string; byYou: boolean },
): EmailMessage {
  return {
    template: "company-deleted",
    ...renderEmail({
      subject: `${input.company} was deleted on Crewdesk`,
      heading: `Hello ${input.name}`,
      blocks: [
        {
          kind: "paragraph",
          text: input.byYou
            ? `You deleted ${input.company}. Its members and contractors no longer have access to it; its tasks and money records are kept, as the law of bookkeeping asks.`
            : `${input.company} was deleted by its owner. You no longer have access to it.`,
        },
        { kind: "action", label: "Open Crewdesk", url: appLink(appUrl, "/") },
        {
          kind: "note",
          text: "If you did not expect this, write to support from the help page.",
        },
      ],
    }),
  };
}

/** A company a contractor worked with was deleted: the relation ended. */
export function relationEndedEmail(appUrl: string, input: { name: string; company: string }): EmailMessage {
  return {
    template: "company-deleted-contractor",
    ...renderEmail({
      subject: `${input.company} closed its Crewdesk account`,
      heading: `Hello ${input.name}`,
      blocks: [
        {
          kind: "paragraph",
          text: `${input.company} closed its Crewdesk account, so you no longer work with it here and will receive no new tasks from it. What you earned stays yours.`,
        },
        { kind: "action", label: "Open Crewdesk", url: appLink(appUrl, "/") },
      ],
    }),
  };
}
