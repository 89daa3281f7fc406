import { Avatar, Group, Menu, Text, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { Link } from "react-router";
import { isContractor } from "../api/me.ts";
import { describeError } from "../api/problem.ts";
import { useMenuState } from "../ui/menu.ts";
import { useSignedInMe, useSignOut } from "./session.ts";

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((p) => [...(p ?? "")][0]?.toUpperCase() ?? "").join("") || "?";
}

/**
 * The account menu: who is signed in, their profile (contractors), their account, and Sign out. Opening it
 * focuses the first item; Tab closes it, as a menu button does.
 */
export function UserMenu() {
  const me = useSignedInMe();
  const { user } = me;
  const signOut = useSignOut();
  const { menuProps, dropdownProps } = useMenuState();
  const onSignOut = () =>
    signOut().catch((error: unknown) =>
      notifications.show({ color: "red", title: "Sign-out failed", message: describeError(error) }),
    );
  return (
    <Menu position="bottom-end" width={260} withinPortal {...menuProps}>
      <Menu.Target>
        {/*
          Named by its own text, "Account: <name>", not by an aria-label: a label must contain what the
          button shows (WCAG 2.5.3), and it shows the initials too. On a phone the name is there for screen
          readers only.
        */}
        <UnstyledButton px="xs" py={4} title={user.name} style={{ borderRadius: 8 }}>
          <Group gap="xs" wrap="nowrap">
            <Avatar size={32} radius="xl" color="indigo" aria-hidden>
              {initials(user.name)}
            </Avatar>
            <Text
              size="sm"
              fw={500}
              truncate
              maw={180}
              className="account-name"
              title={`Account: ${user.name}`}
            >
              <VisuallyHidden component="span">Account:</VisuallyHidden> {user.name}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown {...dropdownProps}>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate title={user.name}>
            {user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate title={user.email}>
            {user.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        {isContractor(me) && (
          <Menu.Item component={Link} to="/profile">
            Profile
          </Menu.Item>
        )}
        <Menu.Item component={Link} to="/account">
          Account
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item onClick={onSignOut}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
