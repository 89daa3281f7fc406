import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { Paper, Stack, Text, Title } from "@mantine/core";
import { useId } from "react";
import { currencyDigits } from "../../common/currencies.ts";
import { formatAmount, formatMonth, monthsEndingWith, today } from "../../common/format.ts";
import { formatMoney } from "../../common/money.ts";
import type { MonthlyAmount } from "../../common/wire/overview.ts";
import { ChartFigure } from "./ChartFigure.tsx";

/** The months a chart shows: the last year, this month included. */
const MONTHS = 12;

/** A wire amount ("1234.50") in minor units, exactly: the wire always writes the currency's decimals. */
const minorOf = (amount: string) => Number(amount.replace(".", ""));

function OneCurrency({
  title,
  currency,
  items,
}: {
  title: string;
  currency: string;
  items: MonthlyAmount[];
}) {
  const months = monthsEndingWith(today(), MONTHS);
  const byMonth = new Map(
    items.filter((i) => i.currency === currency).map((i) => [i.month, minorOf(i.amount)]),
  );
  const digits = currencyDigits(currency);
  const written = (minor: number) => formatAmount(formatMoney({ minor, currency }), currency);
  const rows = months.map((m) => {
    const minor = byMonth.get(m) ?? 0;
    return { label: formatMonth(m), value: minor / 10 ** digits, text: written(minor), minor };
  });
  const total = rows.reduce((sum, r) => sum + r.minor, 0);
  const top = rows.reduce(
    (best, r) => (r.minor > best.minor ? r : best),
    rows[0] ?? { minor: 0, label: "", text: "" },
  );
  return (
    <ChartFigure
      title={`${title} in ${currency}`}
      summary={
        total === 0
          ? `Nothing in ${currency} in the last ${MONTHS} months.`
          : `${written(total)} in the last ${MONTHS} months; the most in ${top.label} (${top.text}).`
      }
      rows={rows}
      labelHeading="Month"
      valueHeading={currency}
      testId={`chart-money-${currency}`}
      chart={
        <BarChart
          h={200}
          data={rows.map((r) => ({ month: r.label, amount: r.value }))}
          dataKey="month"
          series={[{ name: "amount", label: currency, color: "indigo.6" }]}
          valueFormatter={(value) => formatAmount(value.toFixed(digits), currency)}
          withTooltip={false}
          gridAxis="y"
          yAxisProps={{ width: 90 }}
          barChartProps={{ accessibilityLayer: false }}
        />
      }
    />
  );
}

/**
 * Money per month, one chart per currency (amounts of different currencies are never added up): the
 * company's spend or the contractor's earnings. `empty` says what makes it appear.
 */
export function MoneyPerMonth({
  title,
  items,
  empty,
}: {
  title: string;
  items: MonthlyAmount[];
  empty: string;
}) {
  const headingId = useId();
  const currencies = [...new Set(items.map((i) => i.currency))].sort();
  if (currencies.length === 0) {
    return (
      <Paper
        withBorder
        radius="md"
        p="md"
        component="section"
        aria-labelledby={headingId}
        data-testid="money-empty"
      >
        <Title order={2} size="h4" id={headingId}>
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      </Paper>
    );
  }
  return (
    <Stack gap="md">
      {currencies.map((currency) => (
        <OneCurrency key={currency} title={title} currency={currency} items={items} />
      ))}
    </Stack>
  );
}
