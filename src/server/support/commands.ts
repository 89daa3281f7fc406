import { type Commands, MAIL_NOTE, option, UsageError } from "../kernel/command.ts";
import { transact } from "../kernel/transaction.ts";
import { createSupportAgent } from "./create-support-agent.ts";

/** Support's operator commands. */
export const supportCommands: Commands = {
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
