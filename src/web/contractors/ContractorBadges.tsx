import { Badge, Stack, Text } from "@mantine/core";
import type { ContractorStatus } from "../api/me.ts";
import type { Contractor } from "./contractors-api.ts";
import { formatDateTime } from "./format.ts";

const STATUS: Record<ContractorStatus, { label: string; color: string }> = {
  invited: { label: "Invited", color: "yellow" },
  active: { label: "Active", color: "green" },
  removed: { label: "Removed", color: "gray" },
};

export function StatusBadge({ status }: { status: ContractorStatus }) {
  const { label, color } = STATUS[status];
  // Dark text on the light badge: the label is read, not only its colour.
  return (
    <Badge color={color} variant="light" c={`${color}.9`} radius="sm" tt="none" size="md">
      {label}
    </Badge>
  );
}

/** The invitation email's delivery: queued, sent, or failed with what the mail server answered. */
export function InvitationDelivery({ email }: { email: Contractor["invitationEmail"] }) {
  if (!email) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  if (email.status === "queued") {
    return (
      <Text size="sm" c="dimmed">
        Queued
      </Text>
    );
  }
  if (email.status === "sent") {
    return (
      <Text size="sm">
        Sent{" "}
        <Text span size="xs" c="dimmed">
          {formatDateTime(email.at)}
        </Text>
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      <Text size="sm" c="red.8" fw={600}>
        Failed
      </Text>
      {email.reason && (
        <Text size="xs" c="red.8" style={{ overflowWrap: "anywhere" }} lineClamp={3} title={email.reason}>
          Mail server: {email.reason}
        </Text>
      )}
    </Stack>
  );
}
