import { Alert, Button, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { normalizeEmail } from "../../common/email.ts";
import { checkGuestName, checkMessageBody, SUPPORT_MESSAGES } from "../../common/support.ts";
import { showProblemInForm } from "../api/forms.ts";
import { useSendSupportMessage } from "./support-api.ts";

/** A visitor without an account says who they are with their first message. */
export function GuestStartForm() {
  const send = useSendSupportMessage();
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: "", email: "", message: "" },
    validate: {
      name: (value) => {
        const checked = checkGuestName(value);
        return "problem" in checked ? checked.problem : null;
      },
      email: (value) =>
        value.trim() === ""
          ? SUPPORT_MESSAGES.guestEmailRequired
          : normalizeEmail(value)
            ? null
            : SUPPORT_MESSAGES.guestEmailInvalid,
      message: (value) => {
        const checked = checkMessageBody(value);
        return "problem" in checked ? checked.problem : null;
      },
    },
  });

  const submit = form.onSubmit(async (values) => {
    setGeneral(null);
    try {
      await send.mutateAsync({ body: values.message, guestName: values.name, guestEmail: values.email });
    } catch (error) {
      setGeneral(showProblemInForm(form, error, { guestName: "name", guestEmail: "email", body: "message" }));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm">
          Tell us who you are and what happened. We answer here, and by email if you have left.
        </Text>
        {general && (
          <Alert color="red" variant="light" role="alert">
            {general}
          </Alert>
        )}
        <TextInput
          label="Your name"
          autoComplete="name"
          data-autofocus
          required
          {...form.getInputProps("name")}
        />
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          required
          {...form.getInputProps("email")}
        />
        <Textarea
          label="Message"
          autosize
          minRows={3}
          maxRows={6}
          required
          {...form.getInputProps("message")}
        />
        <Button type="submit" loading={send.isPending}>
          Start chat
        </Button>
      </Stack>
    </form>
  );
}
