import type { UsersTable } from "../../src/server/db/types.ts";
import { buildUser, signedInClient } from "./factories.ts";
import type { TestApp, TestClient, TestResponse } from "./test-app.ts";

let sequence = 0;

/** An address no other test uses. */
export function uniqueAddress(label: string): string {
  return `${label}.${Date.now().toString(36)}${(++sequence).toString(36)}@mail.test`;
}

/** A support agent (platform role `support`, member of no company) and a client signed in as them. */
export async function buildAgent(
  t: TestApp,
  name = "Sam Support",
): Promise<{ agent: UsersTable; client: TestClient }> {
  const agent = await buildUser(t.context.database.db, {
    email: uniqueAddress("agent"),
    name,
    platformRole: "support",
  });
  return { agent, client: await signedInClient(t, agent) };
}

/** A browser without a session, from an address of its own (rate limits are per IP). */
export function visitor(t: TestApp): TestClient {
  return t.client({ ip: `10.9.${Math.floor(++sequence / 250) % 250}.${sequence % 250}` });
}

/** A visitor's first message: name, email and text. */
export function startGuestChat(
  client: TestClient,
  input: { name?: string; email?: string; body?: string } = {},
): Promise<TestResponse> {
  return client.post("/api/support/messages", {
    body: input.body ?? "My invitation never came.",
    guestName: input.name ?? "Vera Visitor",
    guestEmail: input.email ?? uniqueAddress("vera"),
  });
}
