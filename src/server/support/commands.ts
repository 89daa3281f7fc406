import { type Commands, MAIL_NOTE, option, UsageError } from "../kernel/command.ts";
import { transact } from "../kernel/transaction.ts";
import { createSupportAgent } from "./create-support-agent.ts";

/** Support's operator commands. */
export const supportCommands: Commands = {
  "create-platform-user": {
    usage: "create-platform-user <email> --role support|finance [--name <name>]",
    summary:
      "Give the address a platform role (support agent or finance staff); a new account is emailed a link to choose its password",
    async run(args, context) {
      const { value: role, rest: afterRole } = option(args, "role");
      if (role !== "support" && role !== "finance") throw new UsageError("--role must be support or finance");
      const { value: name, rest } = option(afterRole, "name");
      const [email, ...extra] = rest;
      if (!email || extra.length > 0) throw new UsageError("give exactly one email address");
      const made = await transact(context, (tx) => createSupportAgent(tx, { email, name, role }));
      const title = role === "finance" ? "finance staff" : "a support agent";
      switch (made.outcome) {
        case "created":
          return `Created ${made.email} as ${title}: a link to choose a password (valid 7 days) is on its way. ${MAIL_NOTE}`;
        case "promoted":
          return `${made.email} is now ${title} and was told so by email. ${MAIL_NOTE}`;
        case "link-sent-again":
          return `${made.email} is ${title} without a password yet: a new link was queued (the old one no longer works). ${MAIL_NOTE}`;
        case "already-agent":
          return `${made.email} is already ${title} with a password; nothing was changed or sent.`;
      }
    },
  },
  "create-support-agent": {
    usage: "create-support-agent <email> [--name <name>]",
    summary: "Make the address a support agent; a new account is emailed a link to choose its password",
    async run(args, context) {
      const { value: name, rest } = option(args, "name");
      const [email, ...extra] = rest;
      if (!email || extra.length > 0) throw new UsageError("give exactly one email address");
      const agent = await transact(context, (tx) => createSupportAgent(tx, { email, name }));
      switch (agent.outcome) {
        case "created":
          return `Created support agent ${agent.email}: a link to choose a password (valid 7 days) is on its way. ${MAIL_NOTE}`;
        case "promoted":
          return `${agent.email} is now a support agent and was told so by email. ${MAIL_NOTE}`;
        case "link-sent-again":
          return `${agent.email} is a support agent without a password yet: a new link was queued (the old one no longer works). ${MAIL_NOTE}`;
        case "already-agent":
          return `${agent.email} is already a support agent with a password; nothing was changed or sent.`;
      }
    },
  },
};
