import { Badge, Stack, Text } from "@mantine/core";
import { CONTRACTOR_STATUS_LABELS, type ContractorStatus } from "../../common/contractor-status.ts";
import { CONTRACTOR_COLORS } from "../tasks/StatusBadges.tsx";
import type { Contractor } from "./contractors-api.ts";
import { splitDateTime } from "./format.ts";

export function StatusBadge({ status }: { status: ContractorStatus }) {
  const label = CONTRACTOR_STATUS_LABELS[status];
  const color = CONTRACTOR_COLORS[status];
  // Dark text on the light badge: the label is read, not only its colour.
  return (
    <Badge
      color={color}
      variant="light"
      c={`${color}.9`}
      radius="sm"
      tt="none"
      size="md"
      style={{ flexShrink: 0, overflow: "visible" }}
      styles={{ label: { overflow: "visible" } }}
    >
      {label}
    </Badge>
  );
}

/**
 * The invitation email's delivery: held (with why, until the company's owner confirms their address),
 * queued, sent, or failed with what the mail server answered.
 */
export function InvitationDelivery({ email }: { email: Contractor["invitationEmail"] }) {
  if (!email) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  if (email.status === "held") {
    return (
      <Stack gap={2}>
        <Text size="sm" fw={700}>
          Held
        </Text>
        {email.reason && (
          <Text size="xs" style={{ overflowWrap: "anywhere" }}>
            {email.reason}
          </Text>
        )}
      </Stack>
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
      <Stack gap={0}>
        <Text size="sm">Sent</Text>
        <DateTime iso={email.at} dimmed />
      </Stack>
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

/** A time on two lines (date, then time), so that table columns stay narrow. */
export function DateTime({ iso, dimmed = false }: { iso: string | null; dimmed?: boolean }) {
  const parts = splitDateTime(iso);
  if (!parts) return <Text size="sm">—</Text>;
  return (
    <Text size={dimmed ? "xs" : "sm"} c={dimmed ? "dimmed" : undefined} style={{ whiteSpace: "nowrap" }}>
      {parts.date}
      <br />
      {parts.time}
    </Text>
  );
}
