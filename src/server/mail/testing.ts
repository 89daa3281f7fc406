import net from "node:net";
import type { TestApp } from "../../../test/support/test-app.ts";
import { enqueueEmail } from "./outbox.ts";

let sequence = 0;

/** Queues a test email as a committed change would; returns its id and recipient. */
export async function queueTestEmail(
  t: TestApp,
  recipient = `person${++sequence}@example.com`,
): Promise<{ id: string; recipient: string }> {
  const id = await t.context.database.db.transaction().execute((trx) =>
    enqueueEmail(
      trx,
      {
        recipient,
        template: "test",
        subject: `Hello ${recipient}`,
        text: "Plain text",
        html: "<p>HTML</p>",
      },
      new Date(),
    ),
  );
  return { id, recipient };
}

/** The outbox row of an email, as the worker left it. */
export function outboxRow(t: TestApp, id: string) {
  return t.context.database.db
    .selectFrom("outbox_emails")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

/** Makes a waiting email due now, as if its retry delay had passed. */
export async function makeDue(t: TestApp, id: string): Promise<void> {
  await t.context.database.db
    .updateTable("outbox_emails")
    .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
    .where("id", "=", id)
    .execute();
}

/** A port where nothing listens: what an SMTP server that is down looks like. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
