import { createTheme, PasswordInput } from "@mantine/core";

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
  components: {
    // "Show password" must be reachable from the keyboard too.
    PasswordInput: PasswordInput.extend({ defaultProps: { visibilityToggleFocusable: true } }),
  },
});
