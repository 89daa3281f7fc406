import { Anchor, createTheme, Drawer, Menu, Modal, Notification, PasswordInput } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "indigo",
  // Darker than Mantine's default indigo.6 so white button text keeps a 4.5:1 contrast.
  primaryShade: 7,
  defaultRadius: "md",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: {
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  // A visible focus ring for keyboard users only (:focus-visible).
  focusRing: "auto",
  // A person who asked their system for less motion gets none: dialogs, menus and notifications appear at once.
  respectReducedMotion: true,
  components: {
    // A link inside a sentence is told apart by more than its colour (WCAG 1.4.1).
    Anchor: Anchor.extend({ defaultProps: { underline: "always" } }),
    // "Show password" must be reachable from the keyboard too.
    PasswordInput: PasswordInput.extend({ defaultProps: { visibilityToggleFocusable: true } }),
    // The close button is an icon: it needs a name.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { "aria-label": "Close" } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { "aria-label": "Close" } } }),
    // A long address in a notification wraps instead of running out of a phone's screen.
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { "aria-label": "Close" } },
      styles: { description: { overflowWrap: "anywhere" } },
    }),
    // An opened menu focuses its first item (not an invisible placeholder), so Tab and arrows work at once.
    Menu: Menu.extend({ defaultProps: { withInitialFocusPlaceholder: false } }),
  },
});
