import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { currencyCodes } from "../../common/currencies.ts";
import { formatAmount } from "../../common/format.ts";
import { TRANSFER_KIND_LABELS } from "../../common/wire/money.ts";
import { formProblem } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useCurrentCompany } from "../app/CompanyScope.tsx";
import { useSignedInMe } from "../app/session.ts";
import { DateText } from "../ui/dates.tsx";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { ScrollTable } from "../ui/ScrollTable.tsx";
import { ErrorState, LoadingState } from "../ui/states.tsx";
import { moneyApi, TOP_UP_LABELS, type TopUp, useCompanyBalances, useMoneySettings } from "./api.ts";
import { TransferTable } from "./TransferTable.tsx";

/** The company's money: balances per currency, top-ups (owners ask for them), and the history of transfers. */
export function BalancePage() {
  usePageTitle("Balance");
  const company = useCurrentCompany();
  const me = useSignedInMe();
  const owner = me.companies.find((c) => c.id === company.id)?.role === "owner";
  const settings = useMoneySettings();
  const balances = useCompanyBalances(company.id);
  if (settings.data?.payments === "off") {
    return (
      <ErrorState title="Balance">Payments are handled outside Crewdesk in this organisation.</ErrorState>
    );
  }
  return (
    <Stack gap="lg">
      <PageHeading>Balance</PageHeading>
      <section aria-labelledby="balances-heading">
        <Title order={2} size="h3" id="balances-heading" mb="xs">
          Balances
        </Title>
        {balances.isPending ? (
          <LoadingState label="Loading the balances" />
        ) : balances.isError ? (
          <ErrorState heading="section" error={balances.error} onRetry={() => void balances.refetch()} />
        ) : balances.data.items.length === 0 ? (
          <Text c="dimmed">No money yet. Ask for a top-up to send tasks.</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {balances.data.items.map((b) => (
              <Card key={b.currency} withBorder padding="md" aria-label={`${b.currency} balance`}>
                <Text size="sm" c="dimmed">
                  Available
                </Text>
                <Text fw={700} size="xl" data-testid={`available-${b.currency}`}>
                  {formatAmount(b.available, b.currency)}
                </Text>
                <Text size="sm" c="dimmed">
                  Reserved for sent tasks: {formatAmount(b.reserved, b.currency)}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
        )}
      </section>
      {owner ? (
        <TopUpForm companyId={company.id} />
      ) : (
        <Text size="sm" c="dimmed">
          Only the company's owners can ask for a top-up.
        </Text>
      )}
      <TopUps companyId={company.id} owner={owner} testFunds={settings.data?.testFunds === true} />
      <Transfers companyId={company.id} />
    </Stack>
  );
}

function TopUpForm({ companyId }: { companyId: string }) {
  const [params] = useSearchParams();
  const [amount, setAmount] = useState(params.get("amount") ?? "");
  const [currency, setCurrency] = useState<string | null>(params.get("currency") ?? "EUR");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [created, setCreated] = useState<TopUp | null>(null);
  const client = useQueryClient();
  const ask = useMutation({
    mutationFn: () => moneyApi.requestTopUp(companyId, { amount: amount.trim(), currency: currency ?? "" }),
    onSuccess: (topUp) => {
      setCreated(topUp);
      setErrors({});
      setGeneral(null);
      void client.invalidateQueries({ queryKey: queryKeys.companyMoney(companyId) });
    },
    onError: (error) => {
      const problem = formProblem(error, ["amount", "currency"]);
      setErrors(problem.fieldErrors);
      setGeneral(problem.general);
    },
  });
  return (
    <section aria-labelledby="top-up-heading">
      <Title order={2} size="h3" id="top-up-heading" mb="xs">
        Top up
      </Title>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          ask.mutate();
        }}
      >
        <Stack gap="sm" maw={520}>
          {general && (
            <Alert color="red" variant="light" role="alert">
              {general}
            </Alert>
          )}
          <Group align="flex-start" grow>
            <TextInput
              label="Amount"
              description='For example "1500.00"'
              required
              inputMode="decimal"
              value={amount}
              onChange={(event) => setAmount(event.currentTarget.value)}
              error={errors.amount}
            />
            <Select
              label="Currency"
              required
              searchable
              data={currencyCodes()}
              value={currency}
              onChange={setCurrency}
              allowDeselect={false}
              error={errors.currency}
            />
          </Group>
          <Group>
            <Button type="submit" loading={ask.isPending}>
              Ask for a top-up
            </Button>
          </Group>
          {created && (
            <Alert color="green" variant="light" role="status" title={`Top-up ${created.number} created`}>
              Transfer {formatAmount(created.amount, created.currency)} quoting the reference{" "}
              <Text span fw={700} inherit>
                {created.paymentReference}
              </Text>
              .{" "}
              <Anchor href={moneyApi.proformaUrl(companyId, created.id)} download>
                Download the proforma invoice {created.number} (PDF)
              </Anchor>
            </Alert>
          )}
        </Stack>
      </form>
    </section>
  );
}

function TopUps({ companyId, owner, testFunds }: { companyId: string; owner: boolean; testFunds: boolean }) {
  const client = useQueryClient();
  const topUps = useQuery({
    queryKey: [...queryKeys.companyMoney(companyId), "top-ups"],
    queryFn: () => moneyApi.topUps(companyId),
  });
  const act = useMutation({
    mutationFn: async ({ id, what }: { id: string; what: "test" | "cancel" }): Promise<void> => {
      if (what === "test") await moneyApi.markTestFunds(companyId, id);
      else await moneyApi.cancelTopUp(companyId, id);
    },
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.companyMoney(companyId) }),
  });
  if (topUps.isPending) return <LoadingState label="Loading the top-ups" />;
  if (topUps.isError)
    return <ErrorState heading="section" error={topUps.error} onRetry={() => void topUps.refetch()} />;
  if (topUps.data.items.length === 0) return null;
  return (
    <section aria-labelledby="top-ups-heading">
      <Title order={2} size="h3" id="top-ups-heading" mb="xs">
        Top-ups
      </Title>
      <ScrollTable minWidth={760} label="Top-ups">
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Number</Table.Th>
              <Table.Th>Asked on</Table.Th>
              <Table.Th style={{ textAlign: "right" }}>Amount</Table.Th>
              <Table.Th>Payment reference</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {topUps.data.items.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>{u.number}</Table.Td>
                <Table.Td>
                  <DateText date={u.createdAt.slice(0, 10)} size="sm" />
                </Table.Td>
                <Table.Td style={{ textAlign: "right", whiteSpace: "nowrap" }}>
                  {formatAmount(u.receivedAmount ?? u.amount, u.currency)}
                </Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{u.paymentReference}</Table.Td>
                <Table.Td>
                  {TOP_UP_LABELS[u.status]}
                  {u.testFunds ? " (test funds)" : ""}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Anchor href={moneyApi.proformaUrl(companyId, u.id)} download size="sm">
                      Proforma {u.number}
                    </Anchor>
                    {owner && u.status === "awaiting_payment" && testFunds && (
                      <Button
                        size="compact-sm"
                        variant="light"
                        loading={act.isPending && act.variables.id === u.id && act.variables.what === "test"}
                        onClick={() => act.mutate({ id: u.id, what: "test" })}
                      >
                        Mark received (test funds)
                      </Button>
                    )}
                    {owner && u.status === "awaiting_payment" && (
                      <Button
                        size="compact-sm"
                        variant="default"
                        loading={
                          act.isPending && act.variables.id === u.id && act.variables.what === "cancel"
                        }
                        onClick={() => act.mutate({ id: u.id, what: "cancel" })}
                      >
                        Cancel {u.number}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </section>
  );
}

// The kinds a company's own accounts see (withdrawals and payouts are the contractors').
const KIND_OPTIONS = (["top_up", "reserve", "release", "payment", "fee"] as const).map((k) => ({
  value: k,
  label: TRANSFER_KIND_LABELS[k],
}));

function Transfers({ companyId }: { companyId: string }) {
  const [currency, setCurrency] = useState<string | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  const filters = { ...(currency ? { currency } : {}), ...(kind ? { kind } : {}) };
  const balances = useCompanyBalances(companyId);
  const list = useInfiniteQuery({
    queryKey: [...queryKeys.companyMoney(companyId), "transfers", filters],
    queryFn: ({ pageParam }) => moneyApi.transfers(companyId, filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="transfers-heading">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3" id="transfers-heading">
          History
        </Title>
        <Anchor href={moneyApi.transfersCsvUrl(companyId, filters)} download>
          Export CSV
        </Anchor>
      </Group>
      <Group mb="sm" align="flex-end">
        <Select
          label="Currency"
          placeholder="All currencies"
          clearable
          data={(balances.data?.items ?? []).map((b) => b.currency)}
          value={currency}
          onChange={setCurrency}
        />
        <Select
          label="What"
          placeholder="Everything"
          clearable
          data={KIND_OPTIONS}
          value={kind}
          onChange={setKind}
        />
      </Group>
      {list.isPending ? (
        <LoadingState label="Loading the history" />
      ) : list.isError ? (
        <ErrorState heading="section" error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Text c="dimmed">No transfers yet.</Text>
      ) : (
        <>
          <TransferTable
            items={items}
            taskLink={(id) => `/companies/${encodeURIComponent(companyId)}/tasks/${encodeURIComponent(id)}`}
          />
          {list.hasNextPage && (
            <Button
              variant="default"
              mt="sm"
              loading={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
            >
              Load more
            </Button>
          )}
        </>
      )}
    </section>
  );
}
