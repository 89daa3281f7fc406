import { describe, expect, it } from "vitest";
import { homePath, isCompanyUser, isContractor, isSupportAgent, type Me } from "./me.ts";

const user = { id: "u1", email: "a@example.com", name: "Anna", emailVerified: true, platformRole: null };
const base: Me = { user, companies: [], contractorOf: [], pendingInvitations: [], profileComplete: false };
const companyUser: Me = {
  ...base,
  companies: [
    { id: "c1", name: "Acme", role: "owner" },
    { id: "c2", name: "Globex", role: "manager" },
  ],
};

describe("where home is", () => {
  it("is the company's Overview for a company user", () => {
    expect(homePath(companyUser)).toBe("/companies/c1/overview");
  });

  it("is the company last opened when the user has several", () => {
    expect(homePath(companyUser, "c2")).toBe("/companies/c2/overview");
    expect(homePath(companyUser, "gone")).toBe("/companies/c1/overview");
  });

  it("is the support console for a support agent, who is no contractor", () => {
    const agent: Me = { ...base, user: { ...user, platformRole: "support" } };
    expect(homePath(agent)).toBe("/console");
    expect(isSupportAgent(agent)).toBe(true);
    expect(isContractor(agent)).toBe(false);
    expect(isSupportAgent(base)).toBe(false);
  });

  it("is My tasks for a contractor", () => {
    expect(
      homePath({ ...base, contractorOf: [{ companyId: "c9", companyName: "X", status: "active" }] }),
    ).toBe("/my/tasks");
  });
});

describe("which navigation a user sees", () => {
  it("shows a company user only the company's sections", () => {
    expect(isCompanyUser(companyUser)).toBe(true);
    expect(isContractor(companyUser)).toBe(false);
  });

  it("treats someone who signed up alone to get paid as a contractor", () => {
    expect(isContractor(base)).toBe(true);
    expect(isCompanyUser(base)).toBe(false);
  });

  it("shows both to a company user who also works as a contractor", () => {
    const both = {
      ...companyUser,
      contractorOf: [{ companyId: "c9", companyName: "X", status: "invited" as const }],
    };
    expect(isCompanyUser(both) && isContractor(both)).toBe(true);
  });
});
