import { Alert, Button, Card, Group, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import {
  checkAccountHolder,
  checkBic,
  checkIban,
  checkPayoutDetails,
  formatIban,
} from "../../common/payout-details.ts";
import { formProblem } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { ErrorState, LoadingState } from "../ui/states.tsx";
import { type PayoutDetails, payoutsApi } from "./api.ts";

const FIELDS = ["accountHolder", "iban", "bic", "currentPassword"] as const;
type Field = (typeof FIELDS)[number];
const CHECKS: Partial<Record<Field, (text: string) => { ok: boolean; message?: string }>> = {
  accountHolder: checkAccountHolder,
  iban: checkIban,
  bic: checkBic,
};

/** The contractor's payout account: shown, and added or changed with the current password. */
export function PayoutDetailsCard() {
  const details = useQuery({
    queryKey: [...queryKeys.myMoney(), "payout-details"],
    queryFn: payoutsApi.details,
  });
  const [editing, setEditing] = useState(false);
  return (
    <section aria-labelledby="payout-account">
      <Title order={2} size="h3" id="payout-account" mb="xs">
        Payout account
      </Title>
      {details.isPending ? (
        <LoadingState label="Loading your payout account" />
      ) : details.isError ? (
        <ErrorState heading="section" error={details.error} onRetry={() => void details.refetch()} />
      ) : editing || !details.data.details ? (
        <DetailsForm current={details.data.details} onDone={() => setEditing(false)} />
      ) : (
        <Card withBorder padding="md">
          <Group justify="space-between" align="flex-start">
            <Stack gap={2}>
              <Text fw={600}>{details.data.details.accountHolder}</Text>
              <Text data-testid="payout-iban">{formatIban(details.data.details.iban)}</Text>
              <Text size="sm" c="dimmed">
                BIC {details.data.details.bic}
              </Text>
            </Stack>
            <Button variant="default" onClick={() => setEditing(true)}>
              Change the payout account
            </Button>
          </Group>
        </Card>
      )}
    </section>
  );
}

function DetailsForm({ current, onDone }: { current: PayoutDetails | null; onDone: () => void }) {
  const [values, setValues] = useState<Record<Field, string>>({
    accountHolder: current?.accountHolder ?? "",
    iban: current ? formatIban(current.iban) : "",
    bic: current?.bic ?? "",
    currentPassword: "",
  });
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: () =>
      payoutsApi.saveDetails({
        accountHolder: values.accountHolder,
        iban: values.iban,
        bic: values.bic,
        currentPassword: values.currentPassword,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.myMoney() });
      onDone();
    },
    onError: (error) => {
      const problem = formProblem(error, FIELDS);
      setServerErrors(problem.fieldErrors);
      setGeneral(problem.general);
    },
  });

  /** The shared rule's message for a field once it was left (or the form submitted), else the server's. */
  const errorOf = (field: Field): string | undefined => {
    const check = CHECKS[field];
    if (touched[field] && check) {
      const result = check(values[field]);
      if (!result.ok) return result.message;
    }
    if (touched[field] && field === "bic" && values.iban && values.bic) {
      const all = checkPayoutDetails(values);
      if (!all.ok) return all.errors.find((e) => e.field === "bic")?.message;
    }
    return serverErrors[field];
  };
  const input = (field: Field) => ({
    value: values[field],
    error: errorOf(field),
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
      const value = event.currentTarget.value;
      setValues((v) => ({ ...v, [field]: value }));
      setServerErrors(({ [field]: _, ...rest }) => rest);
    },
    onBlur: () => setTouched((t) => ({ ...t, [field]: values[field] !== "" || t[field] })),
  });

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setTouched({ accountHolder: true, iban: true, bic: true, currentPassword: true });
        if (!checkPayoutDetails(values).ok) return;
        if (!values.currentPassword) {
          setServerErrors({ currentPassword: "Enter your current password." });
          return;
        }
        save.mutate();
      }}
    >
      <Stack gap="sm" maw={520}>
        {!current && (
          <Text c="dimmed">Add the bank account your withdrawals are paid to. You can change it later.</Text>
        )}
        <TextInput label="Account holder" autoComplete="name" required {...input("accountHolder")} />
        <TextInput
          label="IBAN"
          description="As on your bank statement; spaces are fine"
          autoComplete="off"
          spellCheck={false}
          required
          {...input("iban")}
        />
        <TextInput
          label="BIC (SWIFT code)"
          autoComplete="off"
          spellCheck={false}
          required
          {...input("bic")}
        />
        <PasswordInput
          label="Current password"
          description="Needed to change where your money goes"
          autoComplete="current-password"
          required
          {...input("currentPassword")}
        />
        {general && (
          <Alert color="red" variant="light" role="alert">
            {general}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save the payout account
          </Button>
          {current && (
            <Button variant="default" onClick={onDone}>
              Keep the current account
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
