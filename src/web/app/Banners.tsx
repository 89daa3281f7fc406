import { Alert, Anchor, Stack } from "@mantine/core";
import { Link, useLocation } from "react-router";
import { useSignedInMe } from "./session.ts";

/** What the signed-in user still has to do, shown above every app page until it is done. */
export function Banners() {
  const me = useSignedInMe();
  const { pathname } = useLocation();
  const profilePending = me.contractorOf.some((c) => c.status !== "removed") && !me.profileComplete;
  const items = [];
  if (!me.user.emailVerified) {
    items.push(
      <Alert key="verify" color="yellow" variant="light" title="Confirm your email address">
        We sent a link to {me.user.email}. Open it to confirm that this address is yours. Not there? Look in
        your Spam folder.
      </Alert>,
    );
  }
  if (profilePending && pathname !== "/profile") {
    items.push(
      <Alert key="profile" color="indigo" variant="light" title="Complete your required information">
        Companies see you as Invited until you do.{" "}
        <Anchor component={Link} to="/profile" fw={600} size="sm">
          Complete it now
        </Anchor>
      </Alert>,
    );
  }
  if (!items.length) return null;
  return (
    <Stack gap="sm" mb="md">
      {items}
    </Stack>
  );
}
