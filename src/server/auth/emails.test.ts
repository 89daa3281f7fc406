import { describe, expect, it } from "vitest";
import { emailVerificationEmail, passwordRecoveryEmail } from "./emails.ts";

describe("account emails", () => {
  it("email verification: one link to /verify-email on APP_URL in both parts", () => {
    const mail = emailVerificationEmail("https://crewdesk.example", { name: "Zoë", token: "tok" });
    const link = "https://crewdesk.example/verify-email?token=tok";
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.text).toContain("Welcome to Crewdesk, Zoë");
  });

  it("password recovery: says choose rather than reset to an account without a password", () => {
    const appUrl = "https://crewdesk.example";
    const args = { name: "N", token: "t" };
    expect(passwordRecoveryEmail(appUrl, { ...args, hasPassword: true }).subject).toBe(
      "Set a new Crewdesk password",
    );
    const first = passwordRecoveryEmail(appUrl, { ...args, hasPassword: false });
    expect(first.subject).toBe("Choose your Crewdesk password");
    expect(first.text).toContain("https://crewdesk.example/set-password?token=t");
    expect(first.text).toContain("valid for 1 hour");
  });
});
