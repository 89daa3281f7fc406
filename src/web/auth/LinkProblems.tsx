import { Alert, Button, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { describeError } from "../api/problem.ts";
import { PageHeading } from "../ui/page.tsx";
import { FullPageLoader } from "../ui/states.tsx";

export function CheckingLink() {
  return <FullPageLoader label="Checking your link" />;
}

/** A used, expired or revoked link (410): say so, and offer a new one. */
export function LinkGone() {
  return (
    <Stack gap="md">
      <PageHeading size="h2">This link has already been used or has expired</PageHeading>
      <Text>
        Links from our emails work once, for a limited time, and stop working after a password change. Ask for
        a new one: it arrives in a minute.
      </Text>
      <Button component={Link} to="/forgot-password">
        Request a new link
      </Button>
      <Button component={Link} to="/sign-in" variant="subtle">
        Sign in
      </Button>
    </Stack>
  );
}

/** Opened without a token, or reloaded after the token left the address bar. */
export function LinkMissing({
  newLinkPath = "/forgot-password",
  newLinkLabel = "Request a new link",
}: {
  newLinkPath?: string;
  newLinkLabel?: string;
}) {
  return (
    <Stack gap="md">
      <PageHeading size="h2">Open the link from your email</PageHeading>
      <Text>
        This page works with the link we emailed you. If you reloaded the page, open the link from the email
        again.
      </Text>
      <Button component={Link} to={newLinkPath}>
        {newLinkLabel}
      </Button>
    </Stack>
  );
}

export function LinkCheckFailed({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <Stack gap="md">
      <PageHeading size="h2">Your link could not be checked</PageHeading>
      <Alert color="red" variant="light" role="alert">
        {describeError(error)}
      </Alert>
      <Button onClick={retry}>Try again</Button>
    </Stack>
  );
}
