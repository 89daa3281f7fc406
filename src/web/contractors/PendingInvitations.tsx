import { Alert, Button, Group, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import type { Me } from "../api/me.ts";
import { describeError } from "../api/problem.ts";
import { useRefreshSession } from "../auth/session-refresh.ts";

function PendingInvitation({ invitation }: { invitation: Me["pendingInvitations"][number] }) {
  const refreshSession = useRefreshSession();
  const accept = useMutation({
    mutationFn: () => api.post(`/api/me/invitations/${encodeURIComponent(invitation.contractorId)}/accept`),
    onSuccess: async () => {
      notifications.show({
        color: "green",
        title: "Invitation accepted",
        message: `You are in ${invitation.companyName}'s team.`,
      });
      await refreshSession();
    },
  });
  const error = accept.error;
  return (
    <Alert color="teal" variant="light" title={`${invitation.companyName} invited you to join their team`}>
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm">Accept to work with them: they will see you and can give you tasks.</Text>
        <Button size="xs" onClick={() => accept.mutate()} loading={accept.isPending}>
          Accept
        </Button>
      </Group>
      {error !== null && (
        <Text size="sm" c="red.8" role="alert" mt="xs">
          {describeError(error)}
        </Text>
      )}
    </Alert>
  );
}

/**
 * Invitations of companies to this existing account, accepted inside the app. Only a verified address may
 * (the server says so too): an unverified account is told to use the emailed link, which proves the mailbox.
 */
export function PendingInvitations({ me }: { me: Me }) {
  if (me.pendingInvitations.length === 0) return null;
  if (!me.user.emailVerified) {
    return (
      <Alert color="teal" variant="light" title="You have an invitation">
        {me.pendingInvitations.map((i) => i.companyName).join(", ")} invited you. Open the link in the
        invitation email to accept.
      </Alert>
    );
  }
  return (
    <>
      {me.pendingInvitations.map((invitation) => (
        <PendingInvitation key={invitation.contractorId} invitation={invitation} />
      ))}
    </>
  );
}
