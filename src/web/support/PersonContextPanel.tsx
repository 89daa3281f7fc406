import { Alert, Button, Center, Group, Loader, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { describeError } from "../api/problem.ts";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import { DeliveryText } from "./DeliveryText.tsx";
import { emailKindLabel, formatMessageTime } from "./format.ts";
import { usePersonContext, useResendInvitation } from "./support-api.ts";

/** What helps answer: the account, its companies, its invitations and its last emails. */
export function PersonContextPanel({ conversationId }: { conversationId: string }) {
  const context = usePersonContext(conversationId);
  const resend = useResendInvitation(conversationId);

  if (context.isPending) {
    return (
      <Center py="lg" role="status" aria-label="Loading the person's details">
        <Loader size="sm" aria-hidden />
      </Center>
    );
  }
  if (context.isError) return <Text c="red.9">{describeError(context.error)}</Text>;
  const data = context.data;

  const onResend = (contractorId: string, companyName: string) =>
    resend.mutate(contractorId, {
      onSuccess: () =>
        notifications.show({
          color: "green",
          title: "Invitation sent again",
          message: `A new invitation from ${companyName} is on its way; the old link no longer works.`,
        }),
      onError: (error) =>
        notifications.show({
          color: "red",
          title: "The invitation was not sent",
          message: describeError(error),
        }),
    });

  return (
    <Stack gap="md">
      <Title order={2} size="h4">
        About this person
      </Title>
      {data.account ? (
        <Stack gap={2}>
          <Text fw={600}>{data.account.name}</Text>
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            {data.account.email}
          </Text>
          <Text size="xs" c="dimmed">
            Account since {formatMessageTime(data.account.createdAt)} ·{" "}
            {data.account.emailVerified ? "email confirmed" : "email not confirmed"} ·{" "}
            {data.account.hasPassword ? "has a password" : "never chose a password"}
          </Text>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          No Crewdesk account has this address.
        </Text>
      )}
      {data.matchedBy === "guest-email" && (
        <Alert color="yellow" variant="light" title="Not signed in">
          This is the account of the address the visitor typed. Nothing proves they own it: share nothing
          about the account in the chat. Resending an invitation is safe: it goes to the address itself.
        </Alert>
      )}

      {data.companies.length > 0 && (
        <Stack gap={4}>
          <Title order={3} size="h6">
            Companies
          </Title>
          {data.companies.map((c) => (
            <Text key={c.id} size="sm">
              {c.name} ({c.role})
            </Text>
          ))}
        </Stack>
      )}

      {data.contractorOf.length > 0 && (
        <Stack gap="xs">
          <Title order={3} size="h6">
            Contractor of
          </Title>
          {data.contractorOf.map((r) => (
            <Stack
              key={r.contractorId}
              gap={4}
              p="xs"
              style={{ border: "1px solid var(--mantine-color-gray-3)", borderRadius: 8 }}
            >
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" fw={600}>
                  {r.companyName}
                </Text>
                <StatusBadge kind="contractor" status={r.status} />
              </Group>
              <Text size="xs" c="dimmed">
                Invited {formatMessageTime(r.invitedAt)}
              </Text>
              {r.invitationEmail && (
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Text size="sm">Invitation email:</Text>
                  <DeliveryText delivery={r.invitationEmail} />
                </Group>
              )}
              {r.canResendInvitation && (
                <Button
                  size="compact-sm"
                  variant="light"
                  onClick={() => onResend(r.contractorId, r.companyName)}
                  loading={resend.isPending && resend.variables === r.contractorId}
                >
                  Resend invitation from {r.companyName}
                </Button>
              )}
            </Stack>
          ))}
        </Stack>
      )}

      <Stack gap="xs">
        <Title order={3} size="h6">
          Last emails
        </Title>
        {data.emails.length === 0 ? (
          <Text size="sm" c="dimmed">
            No email was sent to this address.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={280}>
            <Table fz="xs" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Delivery</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.emails.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>
                      <Text size="xs" fw={600}>
                        {emailKindLabel(e.kind)}
                      </Text>
                      <Text size="xs" style={{ overflowWrap: "anywhere" }}>
                        {e.subject}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {formatMessageTime(e.queuedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <DeliveryText delivery={e.delivery} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Stack>
  );
}
