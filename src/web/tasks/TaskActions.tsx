import { Alert, Anchor, Button, Group, Modal, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { formatAmount } from "../../common/format.ts";
import { COMMENT_MAX } from "../../common/task-fields.ts";
import { ApiError, describeError, formProblem } from "../api/problem.ts";
import type { ActionView } from "./task-actions.ts";

export interface ActionInput {
  comment?: string | null;
  result?: string;
  link?: string | null;
}

/**
 * The buttons of the moves allowed now (from the lifecycle table), and the small dialog each one needs: a
 * comment (optional or required), the result and its link, or a confirmation. `perform` calls the API and
 * rejects with its ApiError; a 409's detail and a field's message are shown here.
 */
export function TaskActions({
  views,
  perform,
  taskLabel,
  disabledReason,
  extra,
  confirmation,
}: {
  views: ActionView[];
  perform: (action: string, input: ActionInput) => Promise<void>;
  /** "task #12" in dialog titles. */
  taskLabel: string;
  /** Why an action cannot be used now although the table allows it (e.g. Send with no contractor). */
  disabledReason?: (action: string) => string | null;
  extra?: React.ReactNode;
  /** What a move that asks nothing must say before it happens (accepting a result says what is paid). */
  confirmation?: (action: string) => string | null;
}) {
  const { cid } = useParams();
  const [asking, setAsking] = useState<ActionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shortfall, setShortfall] = useState<{ amount: string; currency: string } | null>(null);
  const move = useMutation({
    mutationFn: ({ view, input }: { view: ActionView; input: ActionInput }) => perform(view.action, input),
  });
  const busy = move.isPending ? move.variables.view.action : null;

  const run = async (view: ActionView, input: ActionInput = {}) => {
    setError(null);
    setShortfall(null);
    try {
      await move.mutateAsync({ view, input });
      setAsking(null);
      return null;
    } catch (caught) {
      // Dialog errors are shown in the dialog; a 409 closes it and says what happened on the page.
      if (asking && !(caught instanceof ApiError && caught.status === 409)) throw caught;
      setAsking(null);
      setError(describeError(caught));
      if (caught instanceof ApiError) setShortfall(caught.problem.shortfall ?? null);
      return null;
    }
  };

  const reasons = views.map((v) => disabledReason?.(v.action) ?? null).filter((r): r is string => r !== null);

  return (
    <Stack gap="xs">
      {error && (
        <Alert color="red" variant="light" role="alert" withCloseButton onClose={() => setError(null)}>
          {error}
          {shortfall && cid && (
            <>
              {" "}
              <Anchor
                component={Link}
                to={`/companies/${encodeURIComponent(cid)}/balance?amount=${shortfall.amount}&currency=${shortfall.currency}`}
              >
                Top up {formatAmount(shortfall.amount, shortfall.currency)}
              </Anchor>
            </>
          )}
        </Alert>
      )}
      {(views.length > 0 || extra) && (
        <Group gap="xs">
          {extra}
          {views.map((view, index) => (
            <Button
              key={view.action}
              color={view.destructive ? "red" : undefined}
              // The table's first move is the main one; the others are secondary, destructive ones in red.
              variant={view.destructive ? "light" : index === 0 ? "filled" : "default"}
              loading={busy === view.action && view.asks === "nothing"}
              disabled={busy !== null || Boolean(disabledReason?.(view.action))}
              onClick={() =>
                view.asks === "nothing" && !confirmation?.(view.action) ? void run(view) : setAsking(view)
              }
            >
              {view.label}
            </Button>
          ))}
        </Group>
      )}
      {reasons.map((reason) => (
        <Text key={reason} size="sm" c="dimmed">
          {reason}
        </Text>
      ))}
      <Modal
        opened={asking !== null}
        onClose={() => setAsking(null)}
        title={asking ? `${asking.label}: ${taskLabel}` : ""}
        styles={{ title: { fontWeight: 700 } }}
      >
        {asking && (
          <ActionDialog
            view={asking}
            message={confirmation?.(asking.action) ?? null}
            busy={busy === asking.action}
            onCancel={() => setAsking(null)}
            onConfirm={(input) => run(asking, input)}
          />
        )}
      </Modal>
    </Stack>
  );
}

function ActionDialog({
  view,
  message,
  busy,
  onCancel,
  onConfirm,
}: {
  view: ActionView;
  /** A confirmation's text for a move that otherwise asks nothing. */
  message: string | null;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (input: ActionInput) => Promise<unknown>;
}) {
  const [comment, setComment] = useState("");
  const [result, setResult] = useState("");
  const [link, setLink] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);

  const submit = async () => {
    const local: Record<string, string> = {};
    if (view.asks === "comment" && view.commentRequired && !comment.trim()) {
      local.comment = "Say what should change.";
    }
    if (view.asks === "result" && !result.trim()) local.result = "Describe what you did.";
    if (view.asks === "result" && link.trim() && !/^https?:\/\//i.test(link.trim())) {
      local.link = "Enter a web address starting with https:// or http://.";
    }
    setErrors(local);
    setGeneral(null);
    if (Object.keys(local).length > 0) return;
    const input: ActionInput =
      view.asks === "result"
        ? { result: result.trim(), link: link.trim() || null }
        : view.asks === "comment"
          ? { comment: comment.trim() || null }
          : {};
    try {
      await onConfirm(input);
    } catch (caught) {
      const problem = formProblem(caught, ["comment", "result", "link"]);
      setErrors(problem.fieldErrors);
      setGeneral(problem.general);
    }
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Stack gap="md">
        {general && (
          <Alert color="red" variant="light" role="alert">
            {general}
          </Alert>
        )}
        {message && <Text size="sm">{message}</Text>}
        {view.asks === "confirm" && (
          <Text size="sm">The draft is deleted for good. Nobody else has seen it.</Text>
        )}
        {view.asks === "comment" && (
          <Textarea
            label={view.commentRequired ? "Comment" : "Comment (optional)"}
            description={view.commentRequired ? "Say what should change." : undefined}
            required={view.commentRequired}
            autosize
            minRows={3}
            maxLength={COMMENT_MAX}
            data-autofocus
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
            error={errors.comment}
          />
        )}
        {view.asks === "result" && (
          <>
            <Textarea
              label="Result"
              description="What you did, for the company to review."
              required
              autosize
              minRows={4}
              data-autofocus
              value={result}
              onChange={(event) => setResult(event.currentTarget.value)}
              error={errors.result}
            />
            <TextInput
              label="Link (optional)"
              type="url"
              placeholder="https://"
              value={link}
              onChange={(event) => setLink(event.currentTarget.value)}
              error={errors.link}
            />
          </>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Back
          </Button>
          <Button type="submit" color={view.destructive ? "red" : undefined} loading={busy}>
            {view.label}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
