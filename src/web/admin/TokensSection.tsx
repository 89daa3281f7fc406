import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { MAX_TOKEN_NAME_LENGTH, ROLE_LABELS } from "../../common/admin.ts";
import type { ApiToken, CreatedApiToken } from "../../common/wire/admin.ts";
import type { CompanyRole } from "../../common/wire/me.ts";
import { Section } from "../account/Section.tsx";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import { describeError } from "../api/problem.ts";
import { FormAlert } from "../auth/FormAlert.tsx";
import { DateTimeText, TimeAgo } from "../ui/dates.tsx";
import { ScrollTable } from "../ui/ScrollTable.tsx";
import { ErrorState, LoadingState } from "../ui/states.tsx";
import { companyPath, ROLE_OPTIONS, settingsKeys, useApiTokens } from "./admin-api.ts";

/** API tokens: created with a name and a role, shown once, revoked. */
export function TokensSection({ companyId }: { companyId: string }) {
  const tokens = useApiTokens(companyId);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  return (
    <Section
      id="api-tokens"
      title="API tokens"
      description="Your own systems use a token to act for this company: send it as “Authorization: Bearer <token>”. The API is documented at /api/docs."
    >
      <Stack gap="lg">
        <CreateTokenForm companyId={companyId} onCreated={setCreated} />
        {tokens.isPending ? (
          <LoadingState label="Loading the API tokens" />
        ) : tokens.isError ? (
          <ErrorState
            heading="section"
            title="The API tokens could not be loaded"
            error={tokens.error}
            onRetry={() => void tokens.refetch()}
          />
        ) : tokens.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No API tokens yet. Create one above for each system that should reach Crewdesk.
          </Text>
        ) : (
          <TokenTable companyId={companyId} tokens={tokens.data.items} />
        )}
      </Stack>
      <Modal
        opened={created !== null}
        onClose={() => setCreated(null)}
        title="Copy your new API token"
        styles={{ title: { fontWeight: 700 } }}
        size="lg"
      >
        {created && (
          <Stack gap="md">
            <Alert color="yellow" variant="light" title="Shown only now">
              Store it somewhere safe: Crewdesk keeps only a fingerprint of it and cannot show it again.
            </Alert>
            <Text size="sm">
              Token “{created.apiToken.name}” ({ROLE_LABELS[created.apiToken.role].toLowerCase()}):
            </Text>
            <Code
              block
              aria-label="The new API token"
              style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}
            >
              {created.token}
            </Code>
            <Group justify="flex-end">
              <CopyButton value={created.token}>
                {({ copied, copy }) => (
                  <Button variant="default" onClick={copy}>
                    {copied ? "Copied" : "Copy token"}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={() => setCreated(null)} data-autofocus>
                Done
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Section>
  );
}

function CreateTokenForm({
  companyId,
  onCreated,
}: {
  companyId: string;
  onCreated: (created: CreatedApiToken) => void;
}) {
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { name: "", role: "manager" as CompanyRole },
    validate: { name: (v) => (v.trim() ? null : "Name the token after what will use it.") },
  });
  const create = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.post<CreatedApiToken>(companyPath(companyId, "/api-tokens"), values),
    onSuccess: async (created) => {
      form.reset();
      onCreated(created);
      await queryClient.invalidateQueries({ queryKey: settingsKeys.tokens(companyId) });
    },
    onError: (error) => setProblem(showProblemInForm(form, error)),
  });
  return (
    <form
      noValidate
      aria-label="Create an API token"
      onSubmit={form.onSubmit((values) => {
        setProblem(null);
        create.mutate(values);
      })}
    >
      <Stack gap="sm">
        <FormAlert>{problem}</FormAlert>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label="Token name"
            description="What will use it, e.g. “Our ERP”"
            required
            maxLength={MAX_TOKEN_NAME_LENGTH}
            style={{ flex: "1 1 240px" }}
            {...form.getInputProps("name")}
          />
          <NativeSelect
            label="Role"
            description="What it may do"
            data={ROLE_OPTIONS}
            style={{ flex: "0 1 160px" }}
            {...form.getInputProps("role")}
          />
        </Group>
        <Group>
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TokenTable({ companyId, tokens }: { companyId: string; tokens: ApiToken[] }) {
  return (
    <ScrollTable minWidth={640} label="API tokens">
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>
              <VisuallyHidden>Status and actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((token) => (
            <TokenRow key={token.id} companyId={companyId} token={token} />
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function TokenRow({ companyId, token }: { companyId: string; token: ApiToken }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () =>
      api.delete<ApiToken>(companyPath(companyId, `/api-tokens/${encodeURIComponent(token.id)}`)),
    onSuccess: async () => {
      setConfirming(false);
      notifications.show({
        color: "green",
        title: "Token revoked",
        message: `“${token.name}” no longer works.`,
      });
      await queryClient.invalidateQueries({ queryKey: settingsKeys.tokens(companyId) });
    },
  });
  return (
    <Table.Tr>
      <Table.Td style={{ overflowWrap: "anywhere" }}>
        <Text size="sm">{token.name}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{ROLE_LABELS[token.role]}</Text>
      </Table.Td>
      <Table.Td>
        <DateTimeText iso={token.createdAt} size="sm" />
      </Table.Td>
      <Table.Td>
        {token.lastUsedAt ? (
          <TimeAgo iso={token.lastUsedAt} size="sm" />
        ) : (
          <Text size="sm" c="dimmed">
            Never
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right">
        {token.revokedAt ? (
          <Badge variant="light" color="gray">
            Revoked
          </Badge>
        ) : (
          <>
            <Button
              variant="subtle"
              color="red"
              c="red.9"
              size="compact-sm"
              aria-label={`Revoke ${token.name}`}
              onClick={() => {
                revoke.reset();
                setConfirming(true);
              }}
            >
              Revoke
            </Button>
            <Modal
              opened={confirming}
              onClose={() => setConfirming(false)}
              title={`Revoke “${token.name}”?`}
              styles={{ title: { fontWeight: 700 } }}
            >
              <Stack gap="md">
                <Text size="sm" ta="left">
                  Every request with this token is refused from now on. This cannot be undone: create a new
                  token if the system still needs one.
                </Text>
                {revoke.error && (
                  <Text size="sm" c="red.8" role="alert" ta="left">
                    {describeError(revoke.error)}
                  </Text>
                )}
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
                    Cancel
                  </Button>
                  <Button color="red" onClick={() => revoke.mutate()} loading={revoke.isPending}>
                    Revoke
                  </Button>
                </Group>
              </Stack>
            </Modal>
          </>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
