import { Alert, Button, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { currencyCodes } from "../../common/currencies.ts";
import { formatCurrencyName } from "../../common/format.ts";
import { parseMoney } from "../../common/money.ts";
import { EXTERNAL_ID_MAX, PROJECT_MAX, TITLE_MAX } from "../../common/task-fields.ts";
import { type EditableField, editableFields } from "../../common/task-status.ts";
import type { UpdateTaskBody } from "../../common/wire/tasks.ts";
import { showProblemInForm } from "../api/forms.ts";
import { queryKeys } from "../api/query-keys.ts";
import { DateField } from "../ui/DateField.tsx";
import { useIsPhone } from "../ui/media.ts";
import { type ContractorOption, type Task, tasksApi } from "./api.ts";
import { ContractorPicker } from "./ContractorPicker.tsx";
import classes from "./TaskForm.module.css";

type TaskFormValues = {
  title: string;
  description: string;
  contractor: ContractorOption | null;
  /** An address chosen through "Invite a new contractor": saving the task invites it (instead of `contractor`). */
  contractorEmail: string | null;
  amount: string;
  currency: string;
  deadline: string;
  project: string;
  externalId: string;
};

const DEFAULT_CURRENCY = "USD";

function initialValues(task: Task | null): TaskFormValues {
  return {
    title: task?.title ?? "",
    description: task?.description ?? "",
    contractor: task?.contractor ?? null,
    contractorEmail: null,
    amount: task?.amount ?? "",
    currency: task?.currency || DEFAULT_CURRENCY,
    deadline: task?.deadline ?? "",
    project: task?.project ?? "",
    externalId: task?.externalId ?? "",
  };
}

const orNull = (text: string) => (text.trim() ? text.trim() : null);

/**
 * The body for the fields this status lets the company change (all of them for a new task). A contractor to
 * invite goes as `contractorEmail`: the server invites them and gives them the task in one transaction.
 */
function bodyOf(values: TaskFormValues, editable: readonly EditableField[]): UpdateTaskBody {
  const body: UpdateTaskBody = {};
  const can = (field: EditableField) => editable.includes(field);
  if (can("title")) body.title = values.title.trim();
  if (can("description")) body.description = values.description;
  if (can("amount")) body.amount = values.amount.trim();
  if (can("currency")) body.currency = values.currency;
  if (can("deadline")) body.deadline = orNull(values.deadline);
  if (can("project")) body.project = orNull(values.project);
  if (can("externalId")) body.externalId = orNull(values.externalId);
  if (can("contractor") && values.contractorEmail) body.contractorEmail = values.contractorEmail;
  else if (can("contractor")) body.contractorId = values.contractor?.id ?? null;
  return body;
}

/**
 * Add (a new task) or edit (a Draft fully, an Offered task's description and deadline). Saves a Draft or
 * sends the task to the contractor; the server's field errors land beside the fields.
 */
export function TaskFormModal({
  companyId,
  opened,
  task,
  onClose,
  onSaved,
}: {
  companyId: string;
  opened: boolean;
  /** null: a new task. */
  task: Task | null;
  onClose: () => void;
  onSaved?: (task: Task) => void;
}) {
  const isPhone = useIsPhone();
  const title = task ? `Edit task #${task.number}` : "Add task";
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size="lg"
      fullScreen={isPhone}
      // Everything typed so far matters: a stray click outside must not throw it away.
      closeOnClickOutside={false}
      styles={{ title: { fontWeight: 700, fontSize: "var(--mantine-font-size-lg)" } }}
    >
      {opened && <TaskForm companyId={companyId} task={task} onDone={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function TaskForm({
  companyId,
  task,
  onDone,
  onSaved,
}: {
  companyId: string;
  task: Task | null;
  onDone: () => void;
  onSaved?: ((task: Task) => void) | undefined;
}) {
  const queryClient = useQueryClient();
  const editable = task ? editableFields(task.status) : editableFields("draft");
  const can = (field: EditableField) => editable.includes(field);
  const canSend = !task || task.status === "draft";
  const [general, setGeneral] = useState<string | null>(null);
  const currencies = useMemo(
    () => currencyCodes().map((code) => ({ value: code, label: formatCurrencyName(code) })),
    [],
  );

  const form = useForm<TaskFormValues>({
    mode: "controlled",
    initialValues: initialValues(task),
    validate: {
      title: (value) => (can("title") && !value.trim() ? "Enter a title." : null),
      amount: (value, values) => {
        if (!can("amount")) return null;
        if (!value.trim()) return "Enter the amount, such as 1234.50.";
        const parsed = parseMoney(value, values.currency);
        return parsed.ok || parsed.field !== "amount"
          ? null
          : `${parsed.message[0]?.toUpperCase()}${parsed.message.slice(1)}.`;
      },
      currency: (value) => (can("currency") && !value ? "Choose a currency." : null),
    },
  });

  const saving = useMutation({
    mutationFn: async ({ values, send }: { values: TaskFormValues; send: boolean }) => {
      if (!task) return tasksApi.create(companyId, { ...bodyOf(values, editable), send });
      const saved = await tasksApi.update(companyId, task.id, bodyOf(values, editable));
      return send ? tasksApi.act(companyId, task.id, "send") : saved;
    },
    onSuccess: async (saved, { values, send }) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.tasks(companyId) });
      // Saving may have invited a contractor.
      if (values.contractorEmail)
        await queryClient.invalidateQueries({ queryKey: queryKeys.contractors(companyId) });
      notifications.show({
        color: "green",
        message: send
          ? `Task #${saved.number} was sent to ${saved.contractor?.name ?? "the contractor"}.`
          : task
            ? `Task #${saved.number} was saved.`
            : `Task #${saved.number} was saved as a draft.`,
      });
      onSaved?.(saved);
      onDone();
    },
    onError: (error) =>
      setGeneral(
        showProblemInForm(form, error, { contractorId: "contractor", contractorEmail: "contractor" }),
      ),
  });
  const busy = saving.isPending ? (saving.variables.send ? "send" : "draft") : null;

  const save = (send: boolean) => {
    setGeneral(null);
    if (form.validate().hasErrors) return;
    const values = form.getValues();
    if (send && !values.contractor && !values.contractorEmail) {
      form.setFieldError("contractor", "Choose a contractor to send the task to, or save it as a draft.");
      return;
    }
    saving.mutate({ values, send });
  };

  const fixedNote = task && task.status !== "draft" ? "Fixed once the task is offered." : undefined;

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save(false);
      }}
    >
      <Stack gap="md">
        {general && (
          <Alert color="red" variant="light" role="alert" title="The task was not saved">
            {general}
          </Alert>
        )}
        <TextInput
          label="Title"
          required={can("title")}
          disabled={!can("title")}
          description={can("title") ? undefined : fixedNote}
          maxLength={TITLE_MAX}
          data-autofocus
          {...form.getInputProps("title")}
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxRows={8}
          disabled={!can("description")}
          {...form.getInputProps("description")}
        />
        <ContractorPicker
          companyId={companyId}
          label="Contractor"
          onInvite={
            can("contractor")
              ? (email) => {
                  form.setValues({ contractor: null, contractorEmail: email });
                  form.clearFieldError("contractor");
                }
              : undefined
          }
          invitee={form.getValues().contractorEmail}
          disabled={!can("contractor")}
          value={form.getValues().contractor}
          error={form.errors.contractor as string | undefined}
          onChange={(contractor) => {
            form.setValues({ contractor, contractorEmail: null });
            form.clearFieldError("contractor");
          }}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <TextInput
            label="Amount"
            required={can("amount")}
            disabled={!can("amount")}
            description={can("amount") ? undefined : fixedNote}
            inputMode="decimal"
            placeholder="1234.50"
            autoComplete="off"
            {...form.getInputProps("amount")}
          />
          <Select
            label="Currency"
            required={can("currency")}
            disabled={!can("currency")}
            searchable
            allowDeselect={false}
            nothingFoundMessage="No currency matches"
            data={currencies}
            limit={50}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps("currency")}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <DateField
            label="Deadline"
            disabled={!can("deadline")}
            value={form.values.deadline}
            onChange={(deadline) => form.setFieldValue("deadline", deadline)}
            error={form.errors.deadline}
          />
          <TextInput
            label="Project"
            disabled={!can("project")}
            maxLength={PROJECT_MAX}
            {...form.getInputProps("project")}
          />
        </SimpleGrid>
        <TextInput
          label="External ID"
          description="Your own reference, unique within the company (optional)."
          disabled={!can("externalId")}
          maxLength={EXTERNAL_ID_MAX}
          {...form.getInputProps("externalId")}
        />
        {/* The actions stay in view at the bottom of the dialog while the fields scroll. */}
        <div className={classes.footer}>
          {canSend ? (
            <>
              <Button variant="default" onClick={onDone} disabled={busy !== null}>
                Cancel
              </Button>
              <Button type="submit" variant="light" loading={busy === "draft"} disabled={busy === "send"}>
                Save draft
              </Button>
              <Button
                onClick={() => save(true)}
                loading={busy === "send"}
                disabled={busy === "draft"}
                className={classes.main}
              >
                Send to contractor
              </Button>
            </>
          ) : (
            <>
              <Button variant="default" onClick={onDone} disabled={busy !== null}>
                Cancel
              </Button>
              <Button type="submit" loading={busy === "draft"} className={classes.main}>
                Save changes
              </Button>
            </>
          )}
        </div>
      </Stack>
    </form>
  );
}
