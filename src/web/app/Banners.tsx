import { Alert, Anchor, Stack } from "@mantine/core";
import { Link, useLocation } from "react-router";
import { PendingInvitations } from "../contractors/PendingInvitations.tsx";
import { useSignedInMe } from "./session.ts";
import { VerifyEmailBanner } from "./VerifyEmailBanner.tsx";

/** What the signed-in user still has to do, shown above every app page until it is done. */
export function Banners() {
  const me = useSignedInMe();
  const { pathname } = useLocation();
  const profilePending = me.contractorOf.length > 0 && !me.profileComplete;
  const items = [];
  if (!me.user.emailVerified) {
    items.push(<VerifyEmailBanner key="verify" email={me.user.email} />);
  }
  if (me.pendingInvitations.length > 0) items.push(<PendingInvitations key="invitations" me={me} />);
  if (profilePending && pathname !== "/profile") {
    items.push(
      <Alert key="profile" color="indigo" variant="light" title="Complete your required information">
        Companies see you as Invited until you do.{" "}
        {/* Dark on the light banner: Mantine's link colour would be below 4.5:1 there. */}
        <Anchor component={Link} to="/profile" fw={600} size="sm" c="indigo.9">
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
