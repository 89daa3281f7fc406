import { ActionIcon, Button, Group, Menu, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { ApiError, describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useMenuState } from "../ui/menu.ts";
import { type Contractor, removeContractor, resendInvitation } from "./contractors-api.ts";

function who(contractor: Contractor): string {
  return contractor.name ? `${contractor.name} (${contractor.email})` : contractor.email;
}

/** Resend invitation (Invited only) and Remove, behind one menu per row. */
export function ContractorActions({ companyId, contractor }: { companyId: string; contractor: Contractor }) {
  const queryClient = useQueryClient();
  const [confirming, confirm] = useDisclosure(false);
  const { menuProps, dropdownProps } = useMenuState();
  // The confirmation opens from a menu item that is gone by then: the focus goes back to the row's button.
  const button = useRef<HTMLButtonElement>(null);
  const closeConfirm = () => {
    confirm.close();
    remove.reset();
    requestAnimationFrame(() => button.current?.focus());
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.contractors(companyId) });

  const resend = useMutation({
    mutationFn: () => resendInvitation(companyId, contractor.id),
    onSuccess: () => {
      notifications.show({
        color: "green",
        title: "Invitation sent again",
        message: `${contractor.email} gets a new link; the previous one no longer works.`,
      });
      return refresh();
    },
    onError: (error) =>
      notifications.show({
        color: "red",
        title:
          error instanceof ApiError && error.status === 429
            ? "Too many resends today"
            : "The invitation was not sent again",
        message: describeError(error),
        autoClose: 10_000,
      }),
  });

  const remove = useMutation({
    mutationFn: () => removeContractor(companyId, contractor.id),
    onSuccess: () => {
      confirm.close();
      notifications.show({ color: "green", title: "Contractor removed", message: who(contractor) });
      return refresh();
    },
  });

  if (contractor.status === "removed") return null;
  return (
    <>
      <Menu position="bottom-end" withinPortal shadow="md" {...menuProps}>
        <Menu.Target>
          <ActionIcon
            ref={button}
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={`Actions for ${contractor.email}`}
          >
            <span aria-hidden style={{ fontSize: 20, lineHeight: 1 }}>
              ⋯
            </span>
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown {...dropdownProps}>
          {contractor.status === "invited" && (
            <Menu.Item onClick={() => resend.mutate()} disabled={resend.isPending}>
              Resend invitation
            </Menu.Item>
          )}
          <Menu.Item color="red.9" onClick={confirm.open}>
            Remove
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={confirming}
        onClose={closeConfirm}
        returnFocus={false}
        title={`Remove ${contractor.name || contractor.email}?`}
        styles={{ title: { fontWeight: 700 } }}
      >
        <Stack gap="md">
          <Text size="sm">
            <strong>{who(contractor)}</strong> leaves your team. Their <strong>Offered</strong> tasks are
            cancelled. Tasks <strong>In progress</strong> or <strong>In review</strong> stay: they keep access
            to those alone until you settle them.
            {contractor.status === "invited" && " Their invitation link stops working."}
          </Text>
          <Text size="sm" c="dimmed">
            You can invite them again later; their history is kept.
          </Text>
          {remove.error && (
            <Text size="sm" c="red.8" role="alert">
              {describeError(remove.error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={closeConfirm} data-autofocus>
              Cancel
            </Button>
            <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
              Remove
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
