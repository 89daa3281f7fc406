import { Alert, Button, Group, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import { describeError } from "../api/problem.ts";

/** Until the address is confirmed: where the link went, and a way to get a new one. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const resend = useMutation({ mutationFn: () => api.post<null>("/api/auth/verification-email") });
  return (
    <Alert color="yellow" variant="light" title="Confirm your email address">
      <Text size="sm">
        We sent a link to {email}. Open it to confirm that this address is yours. Not there? Look in your Spam
        folder.
      </Text>
      <Group gap="sm" mt="xs">
        <Button size="xs" variant="default" loading={resend.isPending} onClick={() => resend.mutate()}>
          Send the link again
        </Button>
        <Text size="sm" role="status">
          {resend.isSuccess ? `A new link is on its way to ${email}; older links no longer work.` : null}
          {resend.isError ? describeError(resend.error) : null}
        </Text>
      </Group>
    </Alert>
  );
}
