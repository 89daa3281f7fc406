import {
  Alert,
  Button,
  Code,
  Group,
  Image,
  List,
  PasswordInput,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Account, RecoveryCodes, TwoStepSetup } from "../../common/wire/account.ts";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { FormAlert } from "../auth/FormAlert.tsx";
import { Section } from "./Section.tsx";

function RecoveryCodesList({ codes }: { codes: string[] }) {
  return (
    <Alert color="yellow" variant="light" title="Your recovery codes" role="status">
      <Text size="sm" mb="xs">
        Keep them somewhere safe: each one signs you in once if you lose your phone. They are shown only now.
      </Text>
      <List aria-label="Recovery codes" spacing={2} style={{ fontFamily: "monospace" }}>
        {codes.map((code) => (
          <List.Item key={code}>{code}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

function SetUp({ onCodes }: { onCodes: (codes: string[]) => void }) {
  const queryClient = useQueryClient();
  const [setup, setSetup] = useState<TwoStepSetup | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { code: "", currentPassword: "" },
    validate: {
      code: (v) => (v.trim() ? null : "Enter the six digits your app shows."),
      currentPassword: (v) => (v ? null : "Enter your current password."),
    },
  });
  const begin = useMutation({
    mutationFn: () => api.post<TwoStepSetup>("/api/account/two-step/setup"),
    onSuccess: setSetup,
    onError: (error) => setProblem(describeError(error)),
  });
  const confirm = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.post<RecoveryCodes>("/api/account/two-step/confirm", values),
    onSuccess: async (answer) => {
      onCodes(answer.recoveryCodes);
      await queryClient.invalidateQueries({ queryKey: queryKeys.account() });
    },
    onError: (error) => setProblem(showProblemInForm(form, error)),
  });
  if (!setup) {
    return (
      <Stack gap="sm" align="flex-start">
        <FormAlert>{problem}</FormAlert>
        <Button onClick={() => begin.mutate()} loading={begin.isPending}>
          Set up an authenticator app
        </Button>
      </Stack>
    );
  }
  return (
    <form
      noValidate
      aria-label="Confirm the authenticator app"
      onSubmit={form.onSubmit((values) => {
        setProblem(null);
        confirm.mutate(values);
      })}
    >
      <Stack gap="sm" maw={420}>
        <Text size="sm">
          Scan this code with an authenticator app (Google Authenticator, 1Password, Authy…), or type the key
          by hand.
        </Text>
        <Image src={setup.qrCode} alt="QR code of the key for your authenticator app" w={180} h={180} />
        <Text size="sm">
          Key: <Code data-testid="two-step-secret">{setup.secret}</Code>
        </Text>
        <FormAlert>{problem}</FormAlert>
        <TextInput
          label="Code from the app"
          autoComplete="one-time-code"
          required
          {...form.getInputProps("code")}
        />
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          {...form.getInputProps("currentPassword")}
        />
        <Group>
          <Button type="submit" loading={confirm.isPending}>
            Turn on two-step sign-in
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TurnOff() {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({ mode: "controlled", initialValues: { code: "", currentPassword: "" } });
  const off = useMutation({
    mutationFn: (values: typeof form.values) => api.post<void>("/api/account/two-step/disable", values),
    onSuccess: async () => {
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: queryKeys.account() });
    },
    onError: (error) => setProblem(showProblemInForm(form, error)),
  });
  if (!open)
    return (
      <Button variant="default" onClick={() => setOpen(true)}>
        Turn off two-step sign-in
      </Button>
    );
  return (
    <form
      noValidate
      aria-label="Turn off two-step sign-in"
      onSubmit={form.onSubmit((values) => {
        setProblem(null);
        off.mutate(values);
      })}
    >
      <Stack gap="sm" maw={420}>
        <FormAlert>{problem}</FormAlert>
        <TextInput label="Code from the app or a recovery code" required {...form.getInputProps("code")} />
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          {...form.getInputProps("currentPassword")}
        />
        <Group>
          <Button type="submit" color="red.9" loading={off.isPending}>
            Turn off
          </Button>
          <Button variant="subtle" onClick={() => setOpen(false)}>
            Keep it on
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RenewCodes({ onCodes }: { onCodes: (codes: string[]) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({ mode: "controlled", initialValues: { currentPassword: "" } });
  const renew = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.post<RecoveryCodes>("/api/account/two-step/recovery-codes", values),
    onSuccess: (answer) => {
      form.reset();
      onCodes(answer.recoveryCodes);
    },
    onError: (error) => setProblem(showProblemInForm(form, error)),
  });
  return (
    <form
      noValidate
      aria-label="Make new recovery codes"
      onSubmit={form.onSubmit((values) => {
        setProblem(null);
        renew.mutate(values);
      })}
    >
      <Stack gap="xs" maw={420}>
        <FormAlert>{problem}</FormAlert>
        <PasswordInput
          label="Current password (for new recovery codes)"
          autoComplete="current-password"
          {...form.getInputProps("currentPassword")}
        />
        <Group>
          <Button type="submit" variant="default" loading={renew.isPending}>
            Make new recovery codes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The authenticator app, recovery codes, and a company's requirement. */
export function TwoStepSection({ account, setupAsked }: { account: Account; setupAsked: boolean }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const { enabled, requiredBy, recoveryCodesLeft } = account.twoStep;
  return (
    <Section
      id="two-step"
      title="Two-step sign-in"
      description="After your password, sign-in asks for a code from an app on your phone."
    >
      <Stack gap="md">
        {requiredBy.length > 0 && !enabled && (
          <Alert color={setupAsked ? "red" : "yellow"} variant="light" title="Required by your company">
            {requiredBy.join(", ")} asks every member to sign in with a second step: its pages stay closed to
            you until you set it up. Set it up now.
          </Alert>
        )}
        {codes && <RecoveryCodesList codes={codes} />}
        {enabled ? (
          <>
            <Text>
              <strong>On.</strong> {recoveryCodesLeft} of 10 recovery codes left.
            </Text>
            <RenewCodes onCodes={setCodes} />
            {requiredBy.length === 0 && <TurnOff />}
          </>
        ) : (
          <SetUp onCodes={setCodes} />
        )}
      </Stack>
    </Section>
  );
}
