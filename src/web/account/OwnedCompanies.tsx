import {
  Anchor,
  Button,
  Group,
  Modal,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import type { Account } from "../../common/wire/account.ts";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import { queryKeys } from "../api/query-keys.ts";
import { FormAlert } from "../auth/FormAlert.tsx";

type OwnedCompany = Account["companies"][number];

/**
 * The companies the person is the only owner of: before deleting the account they make another member
 * owner (on the company's settings page) or delete the company here.
 */
export function OwnedCompanies({ account }: { account: Account }) {
  const owned = account.companies.filter((c) => c.onlyOwner);
  const [deleting, setDeleting] = useState<OwnedCompany | null>(null);
  if (owned.length === 0) return null;
  return (
    <Stack gap="xs" mb="md">
      <Text size="sm" fw={600} id="owned-companies">
        You are the only owner of {owned.length === 1 ? "this company" : "these companies"}: make another
        member owner on its settings page, or delete it, before deleting your account.
      </Text>
      <Stack
        gap="xs"
        component="ul"
        p={0}
        m={0}
        style={{ listStyle: "none" }}
        aria-labelledby="owned-companies"
      >
        {owned.map((c) => (
          <Group component="li" key={c.id} justify="space-between" gap="sm">
            <Text style={{ overflowWrap: "anywhere" }}>{c.name}</Text>
            <Group gap="sm">
              <Anchor component={Link} to={`/companies/${encodeURIComponent(c.id)}/settings`} size="sm">
                Make another member owner
                <VisuallyHidden> of {c.name}</VisuallyHidden>
              </Anchor>
              <Button
                size="xs"
                color="red.9"
                variant="outline"
                onClick={() => setDeleting(c)}
                aria-label={`Delete company ${c.name}`}
              >
                Delete company
              </Button>
            </Group>
          </Group>
        ))}
      </Stack>
      <Modal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={deleting ? `Delete ${deleting.name}` : ""}
        styles={{ title: { fontWeight: 700 } }}
      >
        {deleting && (
          <DeleteCompanyForm
            company={deleting}
            secondStep={account.twoStep.enabled}
            onCancel={() => setDeleting(null)}
            onDone={() => setDeleting(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}

function DeleteCompanyForm({
  company,
  secondStep,
  onCancel,
  onDone,
}: {
  company: OwnedCompany;
  secondStep: boolean;
  onCancel: () => void;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { companyName: "", currentPassword: "", code: "" },
    validate: {
      companyName: (value) =>
        value.trim() === company.name ? null : `Type ${company.name} exactly, to confirm.`,
      currentPassword: (value) => (value ? null : "Enter your password."),
      code: (value) =>
        !secondStep || value.trim()
          ? null
          : "Enter the code your authenticator app shows, or a recovery code.",
    },
  });
  const remove = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.post(`/api/companies/${encodeURIComponent(company.id)}/deletion`, {
        currentPassword: values.currentPassword,
        ...(secondStep ? { code: values.code } : {}),
      }),
    onSuccess: async () => {
      notifications.show({
        color: "green",
        title: `${company.name} was deleted`,
        message: "Its members and contractors no longer have access to it.",
      });
      onDone();
      await queryClient.invalidateQueries({ queryKey: queryKeys.me() });
      await queryClient.invalidateQueries({ queryKey: queryKeys.account() });
    },
    onError: (error) => setProblem(showProblemInForm(form, error)),
  });
  return (
    <form
      noValidate
      aria-label={`Delete ${company.name}`}
      onSubmit={form.onSubmit((values) => {
        setProblem(null);
        remove.mutate(values);
      })}
    >
      <Stack gap="sm">
        <Text size="sm">
          Its members and contractors lose access at once and are told by email. Its tasks and money records
          are kept for the books. A company that still holds money or has tasks under way cannot be deleted.
        </Text>
        <FormAlert>{problem}</FormAlert>
        <TextInput
          label={`Type ${company.name} to confirm`}
          required
          autoComplete="off"
          data-autofocus
          {...form.getInputProps("companyName")}
        />
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          {...form.getInputProps("currentPassword")}
        />
        {secondStep && (
          <TextInput
            label="Code from the app or a recovery code"
            required
            autoComplete="one-time-code"
            {...form.getInputProps("code")}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Keep it
          </Button>
          <Button type="submit" color="red.9" loading={remove.isPending}>
            Delete {company.name}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
