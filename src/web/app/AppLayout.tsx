import { Anchor, AppShell, Burger, Group, Overlay } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useEffect, useRef } from "react";
import { Link, Outlet } from "react-router";
import { HeaderBalance } from "../money/HeaderBalance.tsx";
import { setPageCovered } from "../ui/covered-page.ts";
import { useIsPhone } from "../ui/media.ts";
import { Banners } from "./Banners.tsx";
import { Navigation } from "./Navigation.tsx";
import { UserMenu } from "./UserMenu.tsx";

/**
 * The signed-in shell: header (product, user menu), navigation (a drawer behind a burger on phones), page.
 * The open drawer is modal: the page behind it is inert, Escape or a tap outside closes it, and the focus
 * goes into it on opening and back to the burger on closing.
 */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const isPhone = useIsPhone();
  const drawerOpen = isPhone && opened;
  const burger = useRef<HTMLButtonElement>(null);
  const navbar = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setPageCovered(drawerOpen);
    return () => setPageCovered(false);
  }, [drawerOpen]);

  useEffect(() => {
    if (!drawerOpen) return;
    navbar.current?.querySelector<HTMLElement>("a, button, input")?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      close();
      burger.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [drawerOpen, close]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link" hidden={drawerOpen}>
        Skip to main content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              ref={burger}
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? "Close navigation" : "Open navigation"}
              aria-expanded={opened}
              aria-controls="app-navigation"
            />
            <Anchor
              component={Link}
              to="/"
              fw={800}
              size="xl"
              underline="never"
              c="indigo.8"
              inert={drawerOpen}
            >
              Crewdesk
            </Anchor>
          </Group>
          <Group gap="lg" wrap="nowrap" inert={drawerOpen}>
            <HeaderBalance />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar
        id="app-navigation"
        ref={navbar}
        aria-label="Main navigation"
        p="xs"
        // A closed drawer is off screen: keep it out of the Tab order too.
        inert={isPhone && !opened}
      >
        <Navigation onNavigate={close} />
      </AppShell.Navbar>
      {drawerOpen && (
        <Overlay
          fixed
          zIndex={99}
          backgroundOpacity={0.35}
          onClick={() => {
            close();
            burger.current?.focus();
          }}
        />
      )}
      <AppShell.Main id="main" tabIndex={-1} inert={drawerOpen}>
        <Banners />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
