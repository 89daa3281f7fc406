import { Alert, Button, Group, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { plural } from "../../common/format.ts";
import { api } from "../api/client.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useSignedInMe } from "../app/session.ts";
import { fetchHeldEmails } from "./contractors-api.ts";

/**
 * The company's invitation and task emails held until its owner confirms their address: how many, why, and
 * (for an owner who has not confirmed yet) the button that sends the confirmation link. They go out, and
 * this notice goes away, as soon as the address is confirmed.
 */
export function HeldEmailsNotice({ companyId }: { companyId: string }) {
  const me = useSignedInMe();
  const held = useQuery({
    queryKey: queryKeys.heldEmails(companyId),
    queryFn: ({ signal }) => fetchHeldEmails(companyId, signal),
  });
  const confirm = useMutation({ mutationFn: () => api.post<null>("/api/auth/verification-email") });
  if (!held.data || held.data.count === 0) return null;
  const isOwner = me.companies.some((c) => c.id === companyId && c.role === "owner");
  const canConfirm = isOwner && !me.user.emailVerified;
  return (
    <Alert color="orange" variant="light" title={`${plural(held.data.count, "email is", "emails are")} held`}>
      <Text size="sm">{held.data.reason}</Text>
      {canConfirm ? (
        <Group gap="sm" mt="xs">
          <Button size="xs" loading={confirm.isPending} onClick={() => confirm.mutate()}>
            Confirm my email address
          </Button>
          <Text size="sm" role="status">
            {confirm.isSuccess
              ? `We sent a link to ${me.user.email}: open it to confirm, and the held emails go out.`
              : null}
            {confirm.isError ? describeError(confirm.error) : null}
          </Text>
        </Group>
      ) : isOwner ? null : (
        <Text size="sm" mt="xs">
          Ask the company's owner to confirm their email address.
        </Text>
      )}
    </Alert>
  );
}
