import { describe, expect, it } from "vitest";
import { appLink, escapeHtml, renderEmail } from "./layout.ts";
import { emailVerificationEmail, passwordRecoveryEmail } from "./templates.ts";

describe("mail layout", () => {
  it("escapes every character that could open markup or leave an attribute", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe(
      "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;",
    );
  });

  it("builds links on APP_URL only, refusing anything but a path", () => {
    expect(appLink("https://app.example/base", "/set-password", { token: "a b&c" })).toBe(
      "https://app.example/base/set-password?token=a+b%26c",
    );
    expect(() => appLink("https://app.example", "//evil.example/x")).toThrow();
    expect(() => appLink("https://app.example", "https://evil.example/x")).toThrow();
  });

  it("shows quoted user text as text in both parts, keeping its line breaks", () => {
    const mail = renderEmail({
      subject: "S",
      heading: "H <i>",
      blocks: [{ kind: "quote", text: "line one\n<script>alert(1)</script>", author: "<b>Ann</b>" }],
    });
    expect(mail.html).toContain("line one<br>&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail.html).toContain("&lt;b&gt;Ann&lt;/b&gt;");
    expect(mail.html).toContain("H &lt;i&gt;");
    expect(mail.html).not.toContain("<script>");
    expect(mail.text).toContain("> line one\n> <script>alert(1)</script>\n— <b>Ann</b>");
  });
});

describe("templates", () => {
  it("email verification: one link to /verify-email on APP_URL in both parts", () => {
    const mail = emailVerificationEmail({ appUrl: "https://crewdesk.example", name: "Zoë", token: "tok" });
    const link = "https://crewdesk.example/verify-email?token=tok";
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.text).toContain("Welcome to Crewdesk, Zoë");
  });

  it("password recovery: says choose rather than reset to an account without a password", () => {
    const args = { appUrl: "https://crewdesk.example", name: "N", token: "t" };
    expect(passwordRecoveryEmail({ ...args, hasPassword: true }).subject).toBe("Set a new Crewdesk password");
    const first = passwordRecoveryEmail({ ...args, hasPassword: false });
    expect(first.subject).toBe("Choose your Crewdesk password");
    expect(first.text).toContain("https://crewdesk.example/set-password?token=t");
    expect(first.text).toContain("valid for 1 hour");
  });
});
