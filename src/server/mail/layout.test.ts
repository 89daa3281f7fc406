import { describe, expect, it } from "vitest";
import { appLink, escapeHtml, renderEmail } from "./layout.ts";

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
