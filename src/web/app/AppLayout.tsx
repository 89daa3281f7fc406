import { Anchor, AppShell, Burger, Group } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { Link, Outlet } from "react-router";
import { Banners } from "./Banners.tsx";
import { Navigation } from "./Navigation.tsx";
import { UserMenu } from "./UserMenu.tsx";

/** The signed-in shell: header (product, user menu), navigation (a drawer behind a burger on phones), page. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  // Mantine's "sm" breakpoint: below it the navigation is a drawer.
  const isPhone = useMediaQuery("(max-width: 47.99em)") ?? false;

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? "Close navigation" : "Open navigation"}
              aria-expanded={opened}
              aria-controls="app-navigation"
            />
            <Anchor component={Link} to="/" fw={800} size="xl" underline="never" c="indigo.8">
              Crewdesk
            </Anchor>
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar
        id="app-navigation"
        aria-label="Main navigation"
        p="xs"
        // A closed drawer is off screen: keep it out of the Tab order too.
        inert={isPhone && !opened}
      >
        <Navigation onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Banners />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
