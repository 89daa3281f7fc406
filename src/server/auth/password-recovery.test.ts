import { describe, expect, it } from "vitest";
import { buildUser } from "../../../test/support/factories.ts";
import { outboxTo, tokenFromLastMail } from "../../../test/support/mail.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { transact } from "../kernel/transaction.ts";
import { findLiveToken } from "./auth-tokens.ts";
import { requestPasswordRecovery } from "./password-recovery.ts";

const t = setUpTestApp();

const recover = (email: string) => transact(t.context, (tx) => requestPasswordRecovery(tx, email));

describe("requestPasswordRecovery", () => {
  it("emails the account a set-password link for recovery", async () => {
    const { db } = t.context.database;
    const user = await buildUser(db);
    await recover(user.email);
    const token = await tokenFromLastMail(t, user.email, "/set-password");
    expect(await findLiveToken(db, token)).toMatchObject({ purpose: "recovery", user_id: user.id });
  });

  it("emails an invited account that has no password yet too", async () => {
    const user = await buildUser(t.context.database.db, { passwordHash: null, verified: false });
    await recover(user.email);
    expect(await outboxTo(t, user.email)).toMatchObject([{ template: "password-recovery" }]);
  });

  it("queues nothing for an address without an account", async () => {
    const stranger = uniqueEmail("stranger");
    await recover(stranger);
    expect(await outboxTo(t, stranger)).toEqual([]);
  });
});
