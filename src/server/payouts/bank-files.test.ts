import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { formatMoney } from "../../common/money.ts";
import type { PayoutBatchesTable } from "../db/types.ts";
import { batchCsv, pain001Debtor, pain001Xml } from "./bank-files.ts";
import { renderBankFile } from "./render-bank-file.ts";
import type { WithdrawalRow } from "./rows.ts";

const operator = {
  name: "Crewdesk Payments OÜ",
  bankDetails: "IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX, Example Bank",
};

const IBANS = [
  ["FR1420041010050500013M02606", "PSSTFRPPXXX"],
  ["NL91ABNA0417164300", "ABNANL2A"],
  ["DE89370400440532013000", "COBADEFFXXX"],
] as const;

function batchOf(amounts: number[]): { batch: PayoutBatchesTable; items: WithdrawalRow[] } {
  const items = amounts.map((minor, i): WithdrawalRow => {
    const [iban, bic] = IBANS[i % IBANS.length] ?? IBANS[0];
    return {
      id: `w${String(i).padStart(6, "0")}`,
      number: `WD-2026-${String(i + 1).padStart(6, "0")}`,
      user_id: `u${i}`,
      amount_minor: minor,
      currency: "EUR",
      status: "in_batch",
      account_holder: i % 2 ? "Анна Иванова" : "José <Núñez> & Co",
      iban,
      bic,
      batch_id: "b1",
      reason: null,
      created_at: "2026-12-01T10:00:00.000Z",
      settled_at: null,
      user_name: "n",
      user_email: "e@example.com",
    };
  });
  const batch: PayoutBatchesTable = {
    id: "b1",
    number: "PB-2026-000001",
    currency: "EUR",
    status: "built",
    item_count: items.length,
    total_minor: amounts.reduce((a, b) => a + b, 0),
    created_by: null,
    created_at: "2026-12-01T12:00:00.000Z",
    sent_at: null,
    settled_at: null,
  };
  return { batch, items };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  isArray: (name) => name === "CdtTrfTxInf" || name === "PmtInf",
});

type Node = Record<string, unknown>;
const at = (node: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((n, key) => (n as Node | undefined)?.[key], node);

describe("pain.001.001.03", () => {
  it("carries every withdrawal exactly: required elements, NbOfTxs and CtrlSum, amounts and IBANs", async () => {
    // Amounts a float sum would drift on: 0.10, 0.20, … and large ones.
    const amounts = Array.from({ length: 1001 }, (_, i) =>
      i % 7 === 0 ? 99_999_999 : 10 * ((i % 13) + 1) + 1,
    );
    const { batch, items } = batchOf(amounts);
    // 1,001 items: written in a worker thread, as the route writes a large batch's file.
    const xml = await renderBankFile({
      kind: "pain001",
      batch,
      items,
      debtor: pain001Debtor(batch, operator),
    });
    expect(xml).toBe(pain001Xml(batch, items, pain001Debtor(batch, operator)));
    const doc = parser.parse(xml) as Node;

    const root = at(doc, "Document") as Node;
    expect(root["@xmlns"]).toBe("urn:iso:std:iso:20022:tech:xsd:pain.001.001.03");
    const initiation = at(root, "CstmrCdtTrfInitn") as Node;
    const header = at(initiation, "GrpHdr") as Node;
    const total = formatMoney({ minor: amounts.reduce((a, b) => a + b, 0), currency: "EUR" });
    expect(header).toMatchObject({ MsgId: "PB-2026-000001", NbOfTxs: "1001", CtrlSum: total });
    expect(at(header, "CreDtTm")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    expect(at(header, "InitgPty", "Nm")).toBe("Crewdesk Payments OÜ");

    const infos = at(initiation, "PmtInf") as Node[];
    expect(infos).toHaveLength(1);
    const info = infos[0] as Node;
    expect(info).toMatchObject({ PmtMtd: "TRF", NbOfTxs: "1001", CtrlSum: total, ChrgBr: "SLEV" });
    expect(at(info, "PmtInfId")).toBeTruthy();
    expect(at(info, "ReqdExctnDt")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(at(info, "Dbtr", "Nm")).toBe("Crewdesk Payments OÜ");
    expect(at(info, "DbtrAcct", "Id", "IBAN")).toBe("DE89370400440532013000");
    expect(at(info, "DbtrAgt", "FinInstnId", "BIC")).toBe("COBADEFFXXX");

    const txs = at(info, "CdtTrfTxInf") as Node[];
    expect(txs).toHaveLength(items.length);
    txs.forEach((tx, i) => {
      const item = items[i] as WithdrawalRow;
      expect(at(tx, "PmtId", "EndToEndId")).toBe(item.number);
      expect(at(tx, "Amt", "InstdAmt", "#text")).toBe(
        formatMoney({ minor: item.amount_minor, currency: "EUR" }),
      );
      expect(at(tx, "Amt", "InstdAmt", "@Ccy")).toBe("EUR");
      expect(at(tx, "CdtrAcct", "Id", "IBAN")).toBe(item.iban);
      expect(at(tx, "CdtrAgt", "FinInstnId", "BIC")).toBe(item.bic);
      expect(at(tx, "Cdtr", "Nm")).toBe(item.account_holder);
    });
    const sum = txs.reduce((s, tx) => s + Math.round(Number(at(tx, "Amt", "InstdAmt", "#text")) * 100), 0);
    expect(formatMoney({ minor: sum, currency: "EUR" })).toBe(at(header, "CtrlSum"));
  });

  it("refuses a batch in another currency and an operator without an IBAN", () => {
    const { batch } = batchOf([100]);
    expect(() => pain001Debtor({ ...batch, currency: "USD" }, operator)).toThrow(/EUR only/);
    expect(() => pain001Debtor(batch, { ...operator, bankDetails: "Example Bank" })).toThrow(/no valid IBAN/);
  });

  it("writes the CSV with a byte order mark, one row per withdrawal, and formulas made harmless", () => {
    const { batch, items } = batchOf([1050, 2]);
    const first = items[0] as WithdrawalRow;
    const csv = batchCsv(batch, [{ ...first, account_holder: "=HYPERLINK(1)" }, ...items.slice(1)]);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      '\ufeff"Batch","Withdrawal","Account holder","IBAN","BIC","Amount","Currency","Reference"',
    );
    expect(lines[1]).toContain(`"'=HYPERLINK(1)","FR1420041010050500013M02606","PSSTFRPPXXX","10.50","EUR"`);
    expect(lines[2]).toContain('"0.02","EUR"');
    expect(lines).toHaveLength(4);
  });
});
