import { Anchor, Group, Text } from "@mantine/core";
import { Link, useMatch } from "react-router";
import { formatAmount } from "../../common/format.ts";
import { useSignedInMe } from "../app/session.ts";
import { useCompanyBalances, useMoneySettings } from "./api.ts";

/** The header's balance of the company on screen: available and reserved per currency, linking to Balance. */
export function HeaderBalance() {
  const me = useSignedInMe();
  const match = useMatch("/companies/:cid/*");
  const cid = me.companies.find((c) => c.id === match?.params.cid)?.id ?? null;
  const settings = useMoneySettings();
  const on = settings.data?.payments === "prepaid" && cid !== null;
  const balances = useCompanyBalances(cid ?? "", on);
  if (!on || !cid || !balances.data) return null;
  const items = balances.data.items;
  return (
    <Anchor
      component={Link}
      to={`/companies/${encodeURIComponent(cid)}/balance`}
      underline="hover"
      c="dark"
      visibleFrom="sm"
      aria-label={
        items.length === 0
          ? "Balance: nothing yet"
          : `Balance: ${items
              .map(
                (b) =>
                  `${formatAmount(b.available, b.currency)} available, ${formatAmount(b.reserved, b.currency)} reserved`,
              )
              .join("; ")}`
      }
    >
      <Group gap="md" wrap="nowrap">
        {items.length === 0 ? (
          <Text size="sm">Balance</Text>
        ) : (
          items.slice(0, 2).map((b) => (
            <Text key={b.currency} size="sm" style={{ whiteSpace: "nowrap" }}>
              <Text span fw={700} inherit>
                {formatAmount(b.available, b.currency)}
              </Text>{" "}
              <Text span c="dimmed" inherit>
                ({formatAmount(b.reserved, b.currency)} reserved)
              </Text>
            </Text>
          ))
        )}
      </Group>
    </Anchor>
  );
}
