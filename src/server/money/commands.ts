import { conflict } from "../http/problem.ts";
import type { Commands } from "../kernel/command.ts";
import { checkLedger } from "./check-ledger.ts";

/** Money's operator commands. */
export const moneyCommands: Commands = {
  "ledger-check": {
    usage: "ledger-check",
    summary: "Check every invariant of the ledger; exits with 1 and lists the breaches if any",
    async run(_args, context) {
      const breaches = await checkLedger(context.database.db);
      if (breaches.length > 0) {
        const list = breaches.map((b) => `  - ${b}`).join("\n");
        throw conflict(`The ledger has ${breaches.length} breach(es):\n${list}`);
      }
      const counts = await context.database.db
        .selectFrom("ledger_transfers")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      return `The ledger is consistent: ${counts.n} transfers, every balance adds up.`;
    },
  },
};
