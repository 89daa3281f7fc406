import { GOOD_PASSWORD } from "./factories.ts";
import type { TestClient, TestResponse } from "./test-app.ts";

export interface SignUpInput {
  email: string;
  name?: string;
  password?: string;
  accountType?: "contractor" | "company";
  companyName?: string;
}

/** Signs up through POST /api/auth/sign-up as the form does: a contractor with a good password unless told. */
export function signUp(client: TestClient, input: SignUpInput): Promise<TestResponse> {
  return client.post("/api/auth/sign-up", {
    accountType: "contractor",
    password: GOOD_PASSWORD,
    name: "Sam Signup",
    ...input,
  });
}

/** The session a sign-in opened; fails the test when the sign-in asked for a second step instead. */
export function sessionTokenOf(
  outcome: { kind: "signed-in"; sessionToken: string } | { kind: string },
): string {
  if (!("sessionToken" in outcome))
    throw new Error(`expected a session, the sign-in answered ${outcome.kind}`);
  return outcome.sessionToken;
}
