import { Alert, Button, Group, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatAmount } from "../../common/format.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { DateText } from "../ui/dates.tsx";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { ScrollTable } from "../ui/ScrollTable.tsx";
import { ErrorState, LoadingState } from "../ui/states.tsx";
import { moneyApi, TOP_UP_LABELS, type TopUp } from "./api.ts";

const STATUS_OPTIONS = [
  { value: "awaiting_payment", label: "Awaiting payment" },
  { value: "received", label: "Received" },
  { value: "cancelled", label: "Cancelled" },
];

/** Finance's console: the top-ups awaiting payment, found by reference, and the amount that arrived recorded. */
export function FinancePage() {
  usePageTitle("Finance");
  const [status, setStatus] = useState<string | null>("awaiting_payment");
  const [q, setQ] = useState("");
  const filters = { ...(status ? { status } : {}), ...(q.trim() ? { q: q.trim() } : {}) };
  const list = useQuery({
    queryKey: [...queryKeys.finance(), "top-ups", filters],
    queryFn: () => moneyApi.financeTopUps(filters),
  });
  return (
    <Stack gap="lg">
      <PageHeading>Top-ups</PageHeading>
      <Group align="flex-end">
        <TextInput
          label="Search"
          description="A payment reference, a top-up number or a company"
          value={q}
          onChange={(event) => setQ(event.currentTarget.value)}
        />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={STATUS_OPTIONS}
          value={status}
          onChange={setStatus}
        />
      </Group>
      {list.isPending ? (
        <LoadingState label="Loading the top-ups" />
      ) : list.isError ? (
        <ErrorState heading="section" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed">No top-up matches.</Text>
      ) : (
        <ScrollTable minWidth={900} label="Top-ups">
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Reference</Table.Th>
                <Table.Th>Number</Table.Th>
                <Table.Th>Company</Table.Th>
                <Table.Th>Asked on</Table.Th>
                <Table.Th style={{ textAlign: "right" }}>Asked</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Received</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((u) => (
                <FinanceRow key={u.id} topUp={u} />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

function FinanceRow({ topUp }: { topUp: TopUp }) {
  const [amount, setAmount] = useState(topUp.amount);
  const [error, setError] = useState<string | null>(null);
  const client = useQueryClient();
  const receive = useMutation({
    mutationFn: () => moneyApi.receive(topUp.id, amount.trim()),
    onSuccess: () => {
      setError(null);
      void client.invalidateQueries({ queryKey: queryKeys.finance() });
    },
    onError: (caught) => setError(describeError(caught)),
  });
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: "nowrap" }}>{topUp.paymentReference}</Table.Td>
      <Table.Td>{topUp.number}</Table.Td>
      <Table.Td>{topUp.company?.name}</Table.Td>
      <Table.Td>
        <DateText date={topUp.createdAt.slice(0, 10)} size="sm" />
      </Table.Td>
      <Table.Td style={{ textAlign: "right", whiteSpace: "nowrap" }}>
        {formatAmount(topUp.amount, topUp.currency)}
      </Table.Td>
      <Table.Td>{TOP_UP_LABELS[topUp.status]}</Table.Td>
      <Table.Td>
        {topUp.status === "awaiting_payment" ? (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              receive.mutate();
            }}
          >
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <TextInput
                size="xs"
                aria-label={`Amount received for ${topUp.number} (${topUp.currency})`}
                value={amount}
                onChange={(event) => setAmount(event.currentTarget.value)}
                w={120}
              />
              <Button size="xs" type="submit" loading={receive.isPending}>
                Record {topUp.number}
              </Button>
            </Group>
            {error && (
              <Alert color="red" variant="light" role="alert" mt={4} p="xs">
                {error}
              </Alert>
            )}
          </form>
        ) : topUp.receivedAmount ? (
          formatAmount(topUp.receivedAmount, topUp.currency)
        ) : (
          "—"
        )}
      </Table.Td>
    </Table.Tr>
  );
}
