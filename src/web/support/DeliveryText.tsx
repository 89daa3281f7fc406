import { Stack, Text } from "@mantine/core";
import type { MailDelivery } from "../../common/wire/mail.ts";
import { formatMessageTime } from "./format.ts";

/** An email's delivery as the console shows it: queued, sent (when), or failed with the mail server's words. */
export function DeliveryText({ delivery }: { delivery: MailDelivery | null }) {
  if (!delivery) return <Text size="sm">—</Text>;
  if (delivery.status === "queued") return <Text size="sm">Queued</Text>;
  if (delivery.status === "held")
    return <Text size="sm">Held{delivery.reason ? `: ${delivery.reason}` : ""}</Text>;
  if (delivery.status === "sent") {
    return <Text size="sm">Sent{delivery.at ? ` ${formatMessageTime(delivery.at)}` : ""}</Text>;
  }
  return (
    <Stack gap={2}>
      <Text size="sm" c="red.9" fw={600}>
        Failed
      </Text>
      {delivery.reason && (
        <Text size="xs" c="red.9" style={{ overflowWrap: "anywhere" }} lineClamp={3} title={delivery.reason}>
          Mail server: {delivery.reason}
        </Text>
      )}
    </Stack>
  );
}
