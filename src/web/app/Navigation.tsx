import { NavLink, Select, Stack, Text } from "@mantine/core";
import { Link, useLocation, useMatch, useNavigate } from "react-router";
import { settingsPath } from "../../common/admin.ts";
import { isCompanyUser, isContractor, isFinance, isSupportAgent } from "../api/me.ts";
import { useMoneySettings } from "../money/api.ts";
import { lastCompanyId } from "./last-company.ts";
import { useSignedInMe } from "./session.ts";

function Item({
  to,
  label,
  onNavigate,
  exact = false,
}: {
  to: string;
  label: string;
  onNavigate: () => void;
  /** Active on this very address only, not on the pages under it (Top-ups is /finance, Statements under it). */
  exact?: boolean;
}) {
  const { pathname } = useLocation();
  const active = pathname === to || (!exact && pathname.startsWith(`${to}/`));
  return (
    <NavLink
      component={Link}
      to={to}
      label={label}
      active={active}
      aria-current={active ? "page" : undefined}
      onClick={onNavigate}
      variant="light"
    />
  );
}

function GroupLabel({ children }: { children: string }) {
  return (
    <Text size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" pt="sm" pb={4} component="h2">
      {children}
    </Text>
  );
}

const SECTIONS = ["overview", "contractors", "tasks"] as const;

/** Company users: Overview, Contractors and Tasks (per company); contractors: My tasks and Profile; both: both. */
export function Navigation({ onNavigate }: { onNavigate: () => void }) {
  const me = useSignedInMe();
  const navigate = useNavigate();
  const match = useMatch("/companies/:cid/:section/*");
  const companyId =
    me.companies.find((c) => c.id === match?.params.cid)?.id ??
    me.companies.find((c) => c.id === lastCompanyId())?.id ??
    me.companies[0]?.id;
  // Switching company keeps the section; a page of its own (an import) leads to the section it belongs to.
  const section = SECTIONS.find((s) => s === match?.params.section) ?? "overview";
  const company = me.companies.find((c) => c.id === companyId);
  const money = useMoneySettings().data?.payments === "prepaid";

  return (
    <Stack gap={2}>
      {isCompanyUser(me) && company && (
        <>
          <GroupLabel>Company</GroupLabel>
          {me.companies.length > 1 ? (
            <Select
              // The group heading above says "Company" already.
              aria-label="Company"
              px="sm"
              pb="xs"
              data={me.companies.map((c) => ({ value: c.id, label: c.name }))}
              value={company.id}
              allowDeselect={false}
              onChange={(id) => {
                if (!id) return;
                onNavigate();
                void navigate(`/companies/${encodeURIComponent(id)}/${section}`);
              }}
              comboboxProps={{ withinPortal: true }}
            />
          ) : (
            <Text size="sm" fw={600} px="sm" pb="xs" style={{ overflowWrap: "anywhere" }}>
              {company.name}
            </Text>
          )}
          <Item
            to={`/companies/${encodeURIComponent(company.id)}/overview`}
            label="Overview"
            onNavigate={onNavigate}
          />
          <Item
            to={`/companies/${encodeURIComponent(company.id)}/contractors`}
            label="Contractors"
            onNavigate={onNavigate}
          />
          <Item
            to={`/companies/${encodeURIComponent(company.id)}/tasks`}
            label="Tasks"
            onNavigate={onNavigate}
          />
          {money && (
            <Item
              to={`/companies/${encodeURIComponent(company.id)}/balance`}
              label="Balance"
              onNavigate={onNavigate}
            />
          )}
          {money && (
            <Item
              to={`/companies/${encodeURIComponent(company.id)}/documents`}
              label="Documents"
              onNavigate={onNavigate}
            />
          )}
          {company.role === "owner" && (
            <>
              <Item
                to={`/companies/${encodeURIComponent(company.id)}/audit`}
                label="Audit log"
                onNavigate={onNavigate}
              />
              <Item
                to={`/companies/${encodeURIComponent(company.id)}/webhooks`}
                label="Webhooks"
                onNavigate={onNavigate}
              />
              <Item to={settingsPath(company.id)} label="Settings" onNavigate={onNavigate} />
            </>
          )}
        </>
      )}
      {isFinance(me) && (
        <>
          <GroupLabel>Finance</GroupLabel>
          <Item to="/finance" label="Top-ups" onNavigate={onNavigate} exact />
          <Item to="/finance/payouts" label="Payouts" onNavigate={onNavigate} />
          <Item to="/finance/statements" label="Statements" onNavigate={onNavigate} />
        </>
      )}
      {isSupportAgent(me) && (
        <>
          <GroupLabel>Support</GroupLabel>
          <Item to="/console" label="Support console" onNavigate={onNavigate} />
        </>
      )}
      {isContractor(me) && (
        <>
          <GroupLabel>My work</GroupLabel>
          <Item to="/my/tasks" label="My tasks" onNavigate={onNavigate} />
          {money && <Item to="/my/earnings" label="Earnings" onNavigate={onNavigate} />}
          {money && <Item to="/my/documents" label="Documents" onNavigate={onNavigate} />}
          <Item to="/profile" label="Profile" onNavigate={onNavigate} />
        </>
      )}
    </Stack>
  );
}
