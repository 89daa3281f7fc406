import { Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { type FormEvent, type KeyboardEvent, type Ref, useId, useState } from "react";
import { characterCount, checkMessageBody, MAX_SUPPORT_MESSAGE_LENGTH } from "../../common/support.ts";
import { formProblem } from "../api/problem.ts";

interface ComposerProps {
  /** Sends the text; rejects with the API's error to show. */
  onSend: (body: string) => Promise<unknown>;
  busy: boolean;
  label?: string;
  sendLabel?: string;
  placeholder?: string;
  textareaRef?: Ref<HTMLTextAreaElement>;
  disabled?: boolean;
}

/** The counter appears when a message gets near the limit. */
const SHOW_COUNT_FROM = MAX_SUPPORT_MESSAGE_LENGTH - 500;

/** Writing a message: Enter sends, Shift+Enter starts a new line; the limit is the server's own. */
export function Composer({
  onSend,
  busy,
  label = "Message",
  sendLabel = "Send",
  placeholder,
  textareaRef,
  disabled = false,
}: ComposerProps) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const hintId = useId();
  const count = characterCount(text.trim());

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || disabled) return;
    const checked = checkMessageBody(text);
    if ("problem" in checked) {
      setError(checked.problem);
      return;
    }
    setError(null);
    try {
      await onSend(checked.body);
      setText("");
    } catch (failure) {
      const { fieldErrors, general } = formProblem(failure, ["body"]);
      setError(fieldErrors.body ?? general);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap={6}>
        <Textarea
          ref={textareaRef}
          label={label}
          placeholder={placeholder}
          autosize
          minRows={2}
          maxRows={6}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            if (error) setError(null);
          }}
          onKeyDown={onKeyDown}
          error={error}
          disabled={disabled}
          aria-describedby={hintId}
        />
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text id={hintId} size="xs" c="dimmed">
            Enter to send, Shift+Enter for a new line.
            {count >= SHOW_COUNT_FROM &&
              ` ${count.toLocaleString()} of ${MAX_SUPPORT_MESSAGE_LENGTH.toLocaleString()} characters.`}
          </Text>
          <Button type="submit" loading={busy} disabled={disabled} size="sm" style={{ flexShrink: 0 }}>
            {sendLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
