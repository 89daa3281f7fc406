import {
  Alert,
  Button,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatAmount } from "../../common/format.ts";
import { formatIban } from "../../common/payout-details.ts";
import type { ContractorBalance } from "../../common/wire/money.ts";
import { describeError, formProblem } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { DateText } from "../ui/dates.tsx";
import { ScrollTable } from "../ui/ScrollTable.tsx";
import { ErrorState, LoadingState } from "../ui/states.tsx";
import { payoutsApi, WITHDRAWAL_LABELS, type Withdrawal } from "./api.ts";

/** The contractor asks for a withdrawal of available earnings and follows their withdrawals. */
export function WithdrawalsSection({ balances }: { balances: ContractorBalance[] }) {
  const list = useQuery({
    queryKey: [...queryKeys.myMoney(), "withdrawals"],
    queryFn: payoutsApi.myWithdrawals,
  });
  return (
    <section aria-labelledby="withdrawals-heading">
      <Title order={2} size="h3" id="withdrawals-heading" mb="xs">
        Withdrawals
      </Title>
      <Stack gap="md">
        <WithdrawForm balances={balances} />
        {list.isPending ? (
          <LoadingState label="Loading your withdrawals" />
        ) : list.isError ? (
          <ErrorState heading="section" error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Text c="dimmed">No withdrawals yet.</Text>
        ) : (
          <WithdrawalTable items={list.data.items} />
        )}
      </Stack>
    </section>
  );
}

function WithdrawForm({ balances }: { balances: ContractorBalance[] }) {
  const withMoney = balances.filter((b) => Number(b.available) > 0);
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState<string | null>(withMoney[0]?.currency ?? null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [done, setDone] = useState<Withdrawal | null>(null);
  const client = useQueryClient();
  const chosen = currency ?? withMoney[0]?.currency ?? null;
  const available = balances.find((b) => b.currency === chosen)?.available;
  const withdraw = useMutation({
    mutationFn: () => payoutsApi.withdraw({ amount: amount.trim(), currency: chosen ?? "" }),
    onSuccess: (withdrawal) => {
      setDone(withdrawal);
      setAmount("");
      setErrors({});
      setGeneral(null);
      void client.invalidateQueries({ queryKey: queryKeys.myMoney() });
    },
    onError: (error) => {
      const problem = formProblem(error, ["amount", "currency"]);
      setErrors(problem.fieldErrors);
      setGeneral(problem.general);
      setDone(null);
    },
  });
  if (withMoney.length === 0)
    return (
      <Text c="dimmed">
        Nothing to withdraw yet: earnings become available when a company accepts your work.
      </Text>
    );
  return (
    <form
      noValidate
      aria-label="Withdraw"
      onSubmit={(event) => {
        event.preventDefault();
        withdraw.mutate();
      }}
    >
      <Stack gap="sm" maw={520}>
        <Group align="flex-start">
          <TextInput
            label="Amount"
            description={available && chosen ? `${formatAmount(available, chosen)} available` : undefined}
            inputMode="decimal"
            value={amount}
            error={errors.amount}
            onChange={(event) => setAmount(event.currentTarget.value)}
            w={200}
          />
          <Select
            label="Currency"
            data={withMoney.map((b) => b.currency)}
            value={chosen}
            onChange={setCurrency}
            error={errors.currency}
            allowDeselect={false}
            w={120}
          />
        </Group>
        <Group>
          <Button type="submit" loading={withdraw.isPending}>
            Withdraw
          </Button>
          {available && chosen && (
            <Button variant="subtle" onClick={() => setAmount(available)}>
              Withdraw everything available
            </Button>
          )}
        </Group>
        {general && (
          <Alert color="red" variant="light" role="alert">
            {general}
          </Alert>
        )}
        {done && (
          <Alert color="green" variant="light" role="status">
            Withdrawal {done.number} of {formatAmount(done.amount, done.currency)} requested to{" "}
            {formatIban(done.iban)}. You can cancel it until finance sends it to the bank.
          </Alert>
        )}
      </Stack>
    </form>
  );
}

function WithdrawalTable({ items }: { items: Withdrawal[] }) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const cancel = useMutation({
    mutationFn: (id: string) => payoutsApi.cancel(id),
    onSuccess: () => {
      setError(null);
      void client.invalidateQueries({ queryKey: queryKeys.myMoney() });
    },
    onError: (caught) => setError(describeError(caught)),
  });
  return (
    <>
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      <ScrollTable minWidth={720} label="Withdrawals">
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Number</Table.Th>
              <Table.Th>Asked on</Table.Th>
              <Table.Th style={{ textAlign: "right" }}>Amount</Table.Th>
              <Table.Th>To</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((w) => (
              <Table.Tr key={w.id}>
                <Table.Td>{w.number}</Table.Td>
                <Table.Td>
                  <DateText date={w.createdAt.slice(0, 10)} size="sm" />
                </Table.Td>
                <Table.Td style={{ textAlign: "right", whiteSpace: "nowrap" }}>
                  {formatAmount(w.amount, w.currency)}
                </Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>…{w.iban.slice(-4)}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={w.status === "failed" ? 600 : undefined}>
                    {WITHDRAWAL_LABELS[w.status]}
                  </Text>
                  {w.reason && (
                    <Text size="sm" c="red.8">
                      The bank's reason: {w.reason}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {w.status === "requested" && (
                    <Button
                      size="compact-sm"
                      variant="default"
                      loading={cancel.isPending && cancel.variables === w.id}
                      onClick={() => cancel.mutate(w.id)}
                    >
                      Cancel {w.number}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </>
  );
}
