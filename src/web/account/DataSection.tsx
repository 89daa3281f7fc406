import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { DELETION_GRACE_DAYS, SECURITY_EVENT_LABELS, type SecurityEventKind } from "../../common/account.ts";
import type { Account } from "../../common/wire/account.ts";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { FormAlert } from "../auth/FormAlert.tsx";
import { DateTimeText } from "../ui/dates.tsx";
import { useExports, useHistory } from "./account-api.ts";
import { OwnedCompanies } from "./OwnedCompanies.tsx";
import { Section } from "./Section.tsx";

/** A copy of everything the platform holds about the person, prepared in the background. */
export function ExportSection() {
  const exports = useExports();
  const queryClient = useQueryClient();
  const ask = useMutation({
    mutationFn: () => api.post("/api/account/exports"),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.account() }),
    onError: (error) =>
      notifications.show({ color: "red", title: "Could not ask for a copy", message: describeError(error) }),
  });
  const items = exports.data?.items ?? [];
  return (
    <Section
      id="your-data"
      title="Your data"
      description="A JSON file of your profile, companies, tasks, messages and sign-in history. We email you when it is ready."
    >
      <Stack gap="sm" align="flex-start">
        <Button variant="default" onClick={() => ask.mutate()} loading={ask.isPending}>
          Ask for a copy of my data
        </Button>
        <Stack
          gap={4}
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: "none" }}
          aria-label="Copies of your data"
        >
          {items.map((e) => (
            <Text component="li" size="sm" key={e.id}>
              Asked <DateTimeText iso={e.requestedAt} span />:{" "}
              {e.status === "ready" ? (
                <Anchor href={`/api/account/exports/${encodeURIComponent(e.id)}/archive`} download>
                  Download
                </Anchor>
              ) : e.status === "preparing" ? (
                "being prepared…"
              ) : (
                "failed; ask again"
              )}
            </Text>
          ))}
        </Stack>
      </Stack>
    </Section>
  );
}

/** Delete the account: after 7 days, unless the person signs in before. */
export function DeleteSection({ account }: { account: Account }) {
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({ mode: "controlled", initialValues: { currentPassword: "", code: "" } });
  const remove = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.post("/api/account/deletion", {
        currentPassword: values.currentPassword,
        ...(account.twoStep.enabled ? { code: values.code } : {}),
      }),
    onSuccess: () => window.location.replace("/sign-in"),
    onError: (error) => setProblem(showProblemInForm(form, error)),
  });
  return (
    <Section
      id="delete"
      title="Delete your account"
      description={`Your account is deleted ${DELETION_GRACE_DAYS} days after you ask; signing in before then keeps it. Tasks and payments stay with the companies under the name “Deleted user”.`}
    >
      <OwnedCompanies account={account} />
      <form
        noValidate
        aria-label="Delete your account"
        onSubmit={form.onSubmit((values) => {
          setProblem(null);
          remove.mutate(values);
        })}
      >
        <Stack gap="sm" maw={420}>
          <FormAlert>{problem}</FormAlert>
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            {...form.getInputProps("currentPassword")}
          />
          {account.twoStep.enabled && (
            <TextInput
              label="Code from the app or a recovery code"
              required
              {...form.getInputProps("code")}
            />
          )}
          <Group>
            <Button type="submit" color="red.9" variant="outline" loading={remove.isPending}>
              Delete my account
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

/** The person's own security history. */
export function HistorySection() {
  const history = useHistory();
  const items = history.data?.items ?? [];
  return (
    <Section
      id="history"
      title="Security history"
      description="Sign-ins and changes to your account, newest first."
    >
      {items.length === 0 ? (
        <Text size="sm">Nothing yet.</Text>
      ) : (
        <Stack gap={6} component="ol" p={0} m={0} style={{ listStyle: "none" }} aria-labelledby="history">
          {items.map((e) => (
            <Text component="li" size="sm" key={e.id}>
              <strong>{SECURITY_EVENT_LABELS[e.kind as SecurityEventKind] ?? e.kind}</strong>
              {e.detail ? ` (${e.detail})` : ""} · <DateTimeText iso={e.at} span /> · {e.browser} on{" "}
              {e.system}
              {e.ip ? ` · ${e.ip}` : ""}
            </Text>
          ))}
        </Stack>
      )}
    </Section>
  );
}

/** A deletion asked and not cancelled yet (the person signed in: it is cancelled by now, but say so). */
export function DeletionNotice({ account }: { account: Account }) {
  if (!account.deletionDueAt) return null;
  return (
    <Alert color="red" variant="light" title="Your account is to be deleted">
      It goes <DateTimeText iso={account.deletionDueAt} span />.
    </Alert>
  );
}
