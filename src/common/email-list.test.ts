import { describe, expect, it } from "vitest";
import { INVALID_ENTRY_MESSAGES, MAX_INVITES_PER_SUBMISSION, parseEmailList } from "./email-list.ts";

const emails = (input: string) => parseEmailList(input).addresses.map((a) => a.email);

describe("parseEmailList", () => {
  it("finds nothing in empty or blank input", () => {
    for (const input of ["", "   ", "\n\t ,;, \r\n"]) {
      expect(parseEmailList(input)).toEqual({
        entries: [],
        addresses: [],
        invalid: [],
        duplicates: 0,
        found: 0,
        overLimit: false,
      });
    }
  });

  it("accepts commas, semicolons, spaces, tabs and new lines as separators", () => {
    const input = "a@x.io,b@x.io;c@x.io d@x.io\te@x.io\nf@x.io\r\ng@x.io\rh@x.io , ;\n i@x.io";
    expect(emails(input)).toEqual([
      "a@x.io",
      "b@x.io",
      "c@x.io",
      "d@x.io",
      "e@x.io",
      "f@x.io",
      "g@x.io",
      "h@x.io",
      "i@x.io",
    ]);
    expect(parseEmailList(input).invalid).toEqual([]);
  });

  it("reads a list pasted from a mail client, with display names", () => {
    const list = parseEmailList(
      'Anna Smith <anna@x.io>, "Doe, John" <john@x.io>; "O\'Neil \\"Jr\\"" <oneil@x.io>\nbob@x.io',
    );
    expect(list.addresses).toEqual([
      { email: "anna@x.io", name: "Anna Smith" },
      { email: "john@x.io", name: "Doe, John" },
      { email: "oneil@x.io", name: 'O\'Neil "Jr"' },
      { email: "bob@x.io", name: null },
    ]);
    expect(list.invalid).toEqual([]);
  });

  it("keeps an unquoted `Last, First <address>` together as one name", () => {
    expect(parseEmailList("Smith, Anna <anna@x.io>; Doe, John <john@x.io>").addresses).toEqual([
      { email: "anna@x.io", name: "Smith, Anna" },
      { email: "john@x.io", name: "Doe, John" },
    ]);
  });

  it("trims and normalises, and counts the same address in another case once (the first wins)", () => {
    const list = parseEmailList("  Anna <Anna@Example.COM> , anna@example.com ANNA@EXAMPLE.COM  ");
    expect(list.addresses).toEqual([{ email: "anna@example.com", name: "Anna" }]);
    expect(list.duplicates).toBe(2);
    expect(list.found).toBe(1);
  });

  it("turns international domains into punycode, so both spellings are one address", () => {
    const list = parseEmailList("jörg@bücher.de, jörg@xn--bcher-kva.de, 李@例え.jp");
    expect(list.addresses.map((a) => a.email)).toEqual(["jörg@xn--bcher-kva.de", "李@xn--r8jz45g.jp"]);
    expect(list.duplicates).toBe(1);
  });

  it("reports what is not an address, with a reason, and keeps the rest", () => {
    const list = parseEmailList("good@x.io, nope, bad@, @x.io, two@@x.io, a@b");
    expect(emails("good@x.io, nope, bad@, @x.io, a@b")).toEqual(["good@x.io"]);
    expect(list.invalid.map((i) => [i.input, i.reason])).toEqual([
      ["nope", "format"],
      ["bad@", "format"],
      ["@x.io", "format"],
      ["two@@x.io", "glued"],
      ["a@b", "format"],
    ]);
    expect(list.invalid[0]?.message).toMatch(/not a valid email address/);
  });

  it("refuses two addresses glued without a separator, and splits them when a comma is there", () => {
    const glued = parseEmailList("a@x.coma@y.co");
    expect(glued.addresses).toEqual([]);
    expect(glued.invalid).toEqual([
      {
        input: "a@x.coma@y.co",
        reason: "glued",
        message: "This looks like several addresses joined together: separate them with a comma or a space.",
      },
    ]);
    expect(emails("a@x.com,b@y.com")).toEqual(["a@x.com", "b@y.com"]);
  });

  it("reads at most 1,000 entries of any kind and says when the input holds more", () => {
    const addresses = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => `user${from + i}@x.io`).join(", ");
    expect(MAX_INVITES_PER_SUBMISSION).toBe(1000);

    const exactly = parseEmailList(addresses(1000));
    expect(exactly.addresses).toHaveLength(1000);
    expect(exactly.overLimit).toBe(false);

    const over = parseEmailList(addresses(1001));
    expect(over.overLimit).toBe(true);
    // Reading stopped at the limit: the lists hold the first 1,000 entries, nothing past them.
    expect(over.addresses).toHaveLength(1000);
    expect(over.addresses.at(-1)?.email).toBe("user999@x.io");

    // Invalid words and repeated addresses are entries too.
    const invalidCount = parseEmailList(`${addresses(990)}, ${Array(11).fill("nope").join(" ")}`);
    expect(invalidCount.overLimit).toBe(true);
    expect(invalidCount.invalid).toHaveLength(10);
    expect(parseEmailList(`${addresses(1000)}, USER0@x.io`).overLimit).toBe(true);
    expect(parseEmailList(Array(1001).fill("@").join(" ")).overLimit).toBe(true);
  });

  it("counts a named address as one entry, so 1,000 of them fit", () => {
    const named = Array.from({ length: 1000 }, (_, i) => `First${i} Last${i} <user${i}@x.io>`).join(", ");
    const list = parseEmailList(named);
    expect(list.overLimit).toBe(false);
    expect(list.addresses).toHaveLength(1000);
    expect(list.addresses[999]).toEqual({ email: "user999@x.io", name: "First999 Last999" });
  });

  it("stops reading at the limit: what follows is not looked at", () => {
    const list = parseEmailList(`${Array(1001).fill("x").join("\n")}\nlate@x.io`);
    expect(list.overLimit).toBe(true);
    expect(list.invalid).toHaveLength(1000);
    expect(list.addresses).toEqual([]);
  });

  it("keeps every entry in the order typed, with the reason of each invalid one", () => {
    const list = parseEmailList("nope, a@x.io; ann@x.iobob@y.io\nAnna <b@x.io>, A@X.IO, bad@");
    expect(list.entries).toEqual([
      { kind: "invalid", input: "nope", reason: "format", message: INVALID_ENTRY_MESSAGES.format },
      { kind: "address", email: "a@x.io", name: null },
      { kind: "invalid", input: "ann@x.iobob@y.io", reason: "glued", message: INVALID_ENTRY_MESSAGES.glued },
      { kind: "address", email: "b@x.io", name: "Anna" },
      { kind: "invalid", input: "bad@", reason: "format", message: INVALID_ENTRY_MESSAGES.format },
    ]);
    expect(list.duplicates).toBe(1);
  });

  it("ends an unclosed < at the next <, so one bracket cannot swallow the next address", () => {
    expect(emails("<a@x.io <b@x.io>")).toEqual(["a@x.io", "b@x.io"]);
    expect(emails("Ann <a@x.io; Bob <b@x.io>")).toEqual(["a@x.io", "b@x.io"]);
  });

  it("keeps a display name of a pasted megabyte to its first characters", () => {
    const list = parseEmailList(`${"word ".repeat(900)}<a@x.io>`);
    expect(list.addresses).toHaveLength(1);
    expect(list.addresses[0]?.name?.length).toBeLessThanOrEqual(100);
    const commas = parseEmailList(`Ann${",".repeat(100_000)} <a@x.io>`);
    expect(commas.addresses).toEqual([{ email: "a@x.io", name: "Ann" }]);
  });

  it("cannot smuggle a header through CR/LF: each line is its own address, the header word is invalid", () => {
    const list = parseEmailList("a@b.co\r\nBcc: evil@x.co");
    expect(list.addresses).toEqual([
      { email: "a@b.co", name: null },
      { email: "evil@x.co", name: null },
    ]);
    expect(list.invalid.map((i) => i.input)).toEqual(["Bcc:"]);
    for (const { email, name } of list.addresses) {
      expect(email).not.toMatch(/[\r\n:\s]/);
      expect(name).toBeNull();
    }
  });

  it("cleans control characters out of display names", () => {
    const list = parseEmailList('"Eve\r\nBcc: boss@x.co\u0000" <eve@x.co>, "a@b.co\\r\\nX: y"@x.co');
    expect(list.addresses[0]).toEqual({ email: "eve@x.co", name: "Eve Bcc: boss@x.co" });
    for (const { name } of list.addresses)
      for (const bad of ["\r", "\n", "\u0000"]) expect(name ?? "").not.toContain(bad);
    expect(list.addresses.map((a) => a.email)).toEqual(["eve@x.co"]);
  });

  it("refuses an address with encoded line breaks or header syntax inside angle brackets", () => {
    const list = parseEmailList("<a@b.co\r\nBcc: evil@x.co>, <a@b.co%0d%0abcc:evil@x.co>");
    expect(list.addresses).toEqual([]);
    expect(list.invalid).toHaveLength(2);
  });

  it("accepts mailto: links and does not let an unclosed < swallow the list", () => {
    expect(emails("<mailto:Ann@x.io>, mailto:bob@x.io")).toEqual(["ann@x.io", "bob@x.io"]);
    const list = parseEmailList("<a@x.io, b@x.io");
    expect(list.addresses.map((a) => a.email)).toEqual(["a@x.io", "b@x.io"]);
  });

  it("reports a name with no address", () => {
    const list = parseEmailList('Anna Smith\n"Bob"');
    expect(list.addresses).toEqual([]);
    expect(list.invalid.map((i) => i.input)).toEqual(["Anna", "Smith", '"Bob"']);
  });
});
