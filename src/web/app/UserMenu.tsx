import { Avatar, Group, Menu, Text, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { describeError } from "../api/problem.ts";
import { useSignedInMe, useSignOut } from "./session.ts";

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((p) => [...(p ?? "")][0]?.toUpperCase() ?? "").join("") || "?";
}

export function UserMenu() {
  const { user } = useSignedInMe();
  const signOut = useSignOut();
  const onSignOut = () =>
    signOut().catch((error: unknown) =>
      notifications.show({ color: "red", title: "Sign-out failed", message: describeError(error) }),
    );
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        {/* Its name, "Account: <name>", holds the name it shows (WCAG 2.5.3 label in name); the initials and
            the shown name are pictures of it. */}
        <UnstyledButton px="xs" py={4} style={{ borderRadius: 8 }}>
          <Group gap="xs" wrap="nowrap">
            <Avatar size={32} radius="xl" color="indigo" aria-hidden>
              {initials(user.name)}
            </Avatar>
            <Text size="sm" fw={500} truncate maw={180} visibleFrom="xs" aria-hidden>
              {user.name}
            </Text>
            <VisuallyHidden>Account: {user.name}</VisuallyHidden>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
            {user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {user.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item onClick={onSignOut}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
