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
