import { Alert, Badge, Button, Group, List, Modal, ScrollArea, Stack, Text, Textarea } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useMemo, useState } from "react";
import {
  INVALID_ENTRY_MESSAGES,
  MAX_INVITES_PER_SUBMISSION,
  parseEmailList,
} from "../../common/email-list.ts";
import {
  isEmptyEmailList,
  MAX_WELCOME_MESSAGE_LENGTH,
  NO_ADDRESS_MESSAGE,
} from "../../common/invitations.ts";
import { ApiError, describeError, formProblem } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { BADGE_TEXT } from "../tasks/StatusBadges.tsx";
import { type InviteOutcome, type InviteResult, inviteContractors } from "./contractors-api.ts";
import { EmailText } from "./EmailText.tsx";
import { formatCount, plural } from "./format.ts";

const OUTCOME: Record<InviteOutcome, { label: string; color: string }> = {
  invited: { label: "Invited", color: "green" },
  already_in_team: { label: "Already in your team", color: "blue" },
  invalid: { label: "Invalid", color: "red" },
};

function outcomeDetail(result: InviteResult): string {
  if (result.outcome === "invited") return "An invitation email is on its way.";
  if (result.outcome === "already_in_team") return "Nothing sent: this address is already in your team.";
  if (result.reason === "self") return "Nothing sent: this is your own address.";
  return `Nothing sent. ${INVALID_ENTRY_MESSAGES[result.reason === "glued" ? "glued" : "format"]}`;
}

function AddressCheck({ text }: { text: string }) {
  const deferred = useDeferredValue(text);
  const list = useMemo(() => parseEmailList(deferred), [deferred]);
  if (!deferred.trim()) return null;
  return (
    <Stack gap={6} aria-live="polite" data-testid="address-check">
      <Text size="sm" fw={600}>
        {list.found === 0
          ? "No valid address found yet."
          : `${plural(list.found, "address", "addresses")} found.`}
        {list.duplicates > 0 && (
          <Text span size="sm" fw={400} c="dimmed">
            {" "}
            {plural(list.duplicates, "duplicate", "duplicates")} left out.
          </Text>
        )}
      </Text>
      {list.overLimit && (
        <Alert color="red" variant="light" role="alert" p="xs">
          At most {formatCount(MAX_INVITES_PER_SUBMISSION)} entries can be sent at once, invalid and repeated
          ones included; this list holds more. Split the list and invite the rest afterwards.
        </Alert>
      )}
      {list.invalid.length > 0 && (
        <Stack gap={4}>
          <Text size="sm" c="red.8" fw={600}>
            {plural(list.invalid.length, "entry is", "entries are")} not valid and will not be invited:
          </Text>
          <ScrollArea.Autosize mah={140} type="auto">
            <List size="sm" spacing={2} aria-label="Invalid entries">
              {list.invalid.map((item, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the same invalid text may be typed twice; the list is rebuilt, never reordered
                <List.Item key={`${index}-${item.input}`}>
                  <Text span size="sm" c="red.8" fw={600} style={{ overflowWrap: "anywhere" }}>
                    {item.input}
                  </Text>
                  <Text span size="sm">
                    {" "}
                    — {item.message}
                  </Text>
                </List.Item>
              ))}
            </List>
          </ScrollArea.Autosize>
        </Stack>
      )}
    </Stack>
  );
}

function Outcomes({ results }: { results: InviteResult[] }) {
  const count = (outcome: InviteOutcome) => results.filter((r) => r.outcome === outcome).length;
  const summary = [
    `${formatCount(count("invited"))} invited`,
    `${formatCount(count("already_in_team"))} already in your team`,
    `${formatCount(count("invalid"))} invalid`,
  ].join(" · ");
  return (
    <Stack gap="sm">
      <Alert color="green" variant="light" role="status" title="Invitations sent">
        {summary}. The list of contractors is already up to date.
      </Alert>
      <ScrollArea.Autosize mah={320} type="auto">
        <Stack
          gap={0}
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: "none" }}
          aria-label="Outcome per address"
        >
          {results.map((result, index) => {
            const { label, color } = OUTCOME[result.outcome];
            return (
              <Group
                component="li"
                // biome-ignore lint/suspicious/noArrayIndexKey: invalid entries may repeat; the list never changes once shown
                key={`${index}-${result.email}`}
                justify="space-between"
                wrap="nowrap"
                gap="sm"
                py={6}
                style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
              >
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                    <EmailText email={result.email} />
                  </Text>
                  <Text size="xs" c="dimmed">
                    {outcomeDetail(result)}
                  </Text>
                </Stack>
                <Badge
                  color={color}
                  c={BADGE_TEXT}
                  variant="light"
                  tt="none"
                  radius="sm"
                  style={{ flexShrink: 0 }}
                >
                  {label}
                </Badge>
              </Group>
            );
          })}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  );
}

/**
 * Add: one field for one or many addresses (as typed, or pasted from a mail client) and an optional
 * welcome message. The shared parser shows what will be sent before sending; the answer, per address.
 */
export function AddContractorsDialog({
  companyId,
  opened,
  onClose,
}: {
  companyId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const isPhone = useMediaQuery("(max-width: 47.99em)") ?? false;
  const [emails, setEmails] = useState("");
  const [message, setMessage] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const list = useMemo(() => parseEmailList(emails), [emails]);

  const invite = useMutation({
    mutationFn: () =>
      inviteContractors(companyId, { emails, ...(message.trim() ? { message: message.trim() } : {}) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.contractors(companyId) }),
    onError: (error) => setFieldErrors(formProblem(error, ["emails", "message"]).fieldErrors),
  });

  const reset = () => {
    setEmails("");
    setMessage("");
    setFieldErrors({});
    invite.reset();
  };
  const close = () => {
    onClose();
    reset();
  };

  const nothingToSend = isEmptyEmailList(list);
  const tooLong = message.length > MAX_WELCOME_MESSAGE_LENGTH;
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (nothingToSend) {
      setFieldErrors({ emails: NO_ADDRESS_MESSAGE });
      return;
    }
    if (list.overLimit || tooLong) return;
    setFieldErrors({});
    invite.mutate();
  };

  const error = invite.error;
  const limited = error instanceof ApiError && error.status === 429;

  return (
    <Modal
      opened={opened}
      onClose={close}
      title="Add contractors"
      size="lg"
      fullScreen={isPhone}
      // Closing with Escape or outside would lose a long pasted list only while editing; it is cheap to redo.
      closeOnClickOutside={!invite.isPending}
      closeOnEscape={!invite.isPending}
      styles={{ title: { fontWeight: 700, fontSize: "var(--mantine-font-size-lg)" } }}
    >
      {invite.isSuccess ? (
        <Stack gap="md">
          <Outcomes results={invite.data.results} />
          <Group justify="flex-end">
            <Button variant="default" onClick={reset}>
              Invite more
            </Button>
            <Button onClick={close} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate aria-label="Invite contractors">
          <Stack gap="md">
            <Textarea
              label="Email addresses"
              description="Separate addresses with commas, spaces or new lines, or paste from your mail client."
              placeholder="anna@example.com, ben@example.com"
              autosize
              minRows={3}
              maxRows={8}
              required
              data-autofocus
              value={emails}
              error={fieldErrors.emails}
              onChange={(e) => {
                setEmails(e.currentTarget.value);
                if (fieldErrors.emails) setFieldErrors({ ...fieldErrors, emails: "" });
              }}
            />
            <AddressCheck text={emails} />
            <Textarea
              label="Welcome message"
              description="Optional. Sent as plain text with the invitation."
              autosize
              minRows={3}
              maxRows={8}
              value={message}
              error={
                tooLong
                  ? `At most ${formatCount(MAX_WELCOME_MESSAGE_LENGTH)} characters.`
                  : fieldErrors.message || undefined
              }
              onChange={(e) => setMessage(e.currentTarget.value)}
            />
            <Text size="xs" c={tooLong ? "red.8" : "dimmed"} ta="right" mt={-12}>
              {formatCount(message.length)} / {formatCount(MAX_WELCOME_MESSAGE_LENGTH)} characters
            </Text>
            {error && !fieldErrors.emails && !fieldErrors.message && (
              <Alert
                color="red"
                variant="light"
                role="alert"
                title={limited ? "Hourly invitation limit reached" : "The invitations were not sent"}
              >
                {describeError(error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={invite.isPending} disabled={list.overLimit || tooLong}>
                Invite
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
