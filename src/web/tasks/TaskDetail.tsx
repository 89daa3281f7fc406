import { Anchor, Button, Divider, Drawer, Group, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { formatAmount } from "../../common/format.ts";
import { formatMoney, parseMoney } from "../../common/money.ts";
import { editableFields, type SendBlock, sendBlock } from "../../common/task-status.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useCurrentCompany } from "../app/CompanyScope.tsx";
import { useIsPhone } from "../ui/media.ts";
import { useOverlayTitle } from "../ui/page.tsx";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import { type Task, tasksApi } from "./api.ts";
import { type ActionInput, TaskActions } from "./TaskActions.tsx";
import { TaskFormModal } from "./TaskForm.tsx";
import { SubmittedResult, TaskFacts, TaskHistory, TaskLoading } from "./TaskParts.tsx";
import { actionViews } from "./task-actions.ts";

/** An amount of the wire ("12.50") in minor units; zero (a fee of nothing) or anything unreadable is 0. */
function minorOf(amount: string, currency: string): number {
  const parsed = parseMoney(amount, currency);
  return parsed.ok ? parsed.money.minor : 0;
}

/** The task's amount and its fee together, as the wire writes amounts. */
function amountWithFee(task: Task, fee: string): string {
  const minor = minorOf(task.amount, task.currency) + minorOf(fee, task.currency);
  return formatMoney({ minor, currency: task.currency });
}

/** What accepting a result pays, said before it happens; null when nothing was reserved (payments off). */
function paymentConfirmation(task: Task): string | null {
  if (task.payment?.status !== "reserved") return null;
  const amount = formatAmount(task.amount, task.currency);
  const fee = task.payment.fee;
  const whom = task.contractor?.name ?? "the contractor";
  if (minorOf(fee, task.currency) === 0)
    return `Accepting the result pays ${amount} to ${whom} from the money reserved for this task.`;
  const total = formatAmount(amountWithFee(task, fee), task.currency);
  return `Accepting the result pays ${amount} to ${whom} and the platform fee of ${formatAmount(fee, task.currency)} (${total} in all), from the money reserved for this task.`;
}

/** What the task's money is doing, beside its status; nothing with payments off. */
function PaymentState({ task, companyId }: { task: Task; companyId: string }) {
  const payment = task.payment;
  if (!payment) return null;
  const money = (amount: string) => formatAmount(amount, task.currency);
  switch (payment.status) {
    case "reserved":
      return <Text size="sm">{money(amountWithFee(task, payment.fee))} reserved for this task</Text>;
    case "paid":
      return <Text size="sm">Paid: {money(task.amount)} to the contractor</Text>;
    case "released":
      return <Text size="sm">The reserved money went back to the balance</Text>;
    case "unfunded":
      return (
        <Text size="sm">
          Not funded{payment.shortfall ? `: ${money(payment.shortfall)} missing` : ""}.{" "}
          <Anchor
            component={Link}
            to={`/companies/${encodeURIComponent(companyId)}/balance${
              payment.shortfall ? `?amount=${payment.shortfall}&currency=${task.currency}` : ""
            }`}
          >
            Top up
          </Anchor>
        </Text>
      );
  }
}

export const companyTaskKey = (cid: string, id: string) => [...queryKeys.tasks(cid), "detail", id] as const;

/**
 * A task opened from a list: a drawer over the list (full screen on a phone), so the list keeps its place.
 * It has its own address, so it comes and goes with the route: the focus is kept inside while it is open
 * (Mantine), and given back to the link that opened it when it closes.
 */
export function TaskDrawer({
  title,
  place,
  onClose,
  children,
}: {
  title: string;
  /** Where the drawer is, for the tab's title: "Tasks", company name. */
  place: (string | undefined)[];
  onClose: () => void;
  children: ReactNode;
}) {
  const isPhone = useIsPhone();
  useOverlayTitle(title, ...place);
  const opener = useRef<Element | null>(null);
  if (opener.current === null) opener.current = document.activeElement;
  useEffect(
    () => () => {
      const element = opener.current;
      // After the list re-renders: the opening link is usually still there.
      requestAnimationFrame(() => {
        if (element instanceof HTMLElement && element.isConnected) element.focus();
      });
    },
    [],
  );
  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size={isPhone ? "100%" : "xl"}
      closeButtonProps={{ "aria-label": "Close task" }}
      // Its title is an h2 that names the dialog: a screen reader hears which task opened.
      title={title}
      styles={{ title: { fontWeight: 700, fontSize: "var(--mantine-font-size-lg)" } }}
    >
      {children}
    </Drawer>
  );
}

/** /companies/:cid/tasks/:taskId: the company's view of one task, its history and the moves allowed now. */
export function CompanyTaskDetail() {
  const { taskId = "" } = useParams();
  const company = useCurrentCompany();
  const cid = company.id;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const close = () => void navigate(`/companies/${encodeURIComponent(cid)}/tasks`);
  const query = useQuery({
    queryKey: companyTaskKey(cid, taskId),
    queryFn: ({ signal }) => tasksApi.get(cid, taskId, signal),
  });
  const task = query.data;

  const perform = async (action: string, input: ActionInput) => {
    if (!task) return;
    try {
      if (action === "delete") {
        await tasksApi.remove(cid, task.id);
        notifications.show({ color: "green", message: `Draft #${task.number} was deleted.` });
        await queryClient.invalidateQueries({ queryKey: queryKeys.tasks(cid) });
        close();
        return;
      }
      await tasksApi.act(cid, task.id, action, { comment: input.comment ?? null });
    } catch (error) {
      // The task may have moved meanwhile: show it as it is now, then the reason.
      void query.refetch();
      throw error;
    }
    await queryClient.invalidateQueries({ queryKey: queryKeys.tasks(cid) });
  };

  return (
    <TaskDrawer
      onClose={close}
      title={task ? `#${task.number} ${task.title}` : "Task"}
      place={["Tasks", company.name]}
    >
      {query.isPending ? (
        <TaskLoading />
      ) : query.isError ? (
        <Stack gap="sm">
          <Text role="alert">{describeError(query.error)}</Text>
          <Group>
            <Button variant="default" onClick={close}>
              Back to tasks
            </Button>
          </Group>
        </Stack>
      ) : task ? (
        <CompanyTaskBody task={task} companyId={cid} perform={perform} onEdit={() => setEditing(true)} />
      ) : null}
      {task && (
        <TaskFormModal
          companyId={cid}
          opened={editing}
          task={task}
          onClose={() => setEditing(false)}
          onSaved={(saved) =>
            queryClient.setQueryData(companyTaskKey(cid, task.id), {
              ...task,
              ...saved,
              history: task.history,
            })
          }
        />
      )}
    </TaskDrawer>
  );
}

/** What the Send button says when the guard of the lifecycle holds it back. */
const SEND_BLOCKED: Record<SendBlock, string> = {
  no_contractor: "Choose a contractor (Edit) before sending the task.",
  contractor_removed: "The contractor was removed from the team: choose another one (Edit).",
};

function CompanyTaskBody({
  task,
  companyId,
  perform,
  onEdit,
}: {
  task: Task;
  companyId: string;
  perform: (action: string, input: ActionInput) => Promise<void>;
  onEdit: () => void;
}) {
  const canEdit = editableFields(task.status).length > 0;
  return (
    <Stack gap="lg">
      <Group gap="sm">
        <StatusBadge kind="task" status={task.status} />
        <PaymentState task={task} companyId={companyId} />
      </Group>
      <TaskActions
        views={actionViews(task.status, "company")}
        perform={perform}
        taskLabel={`task #${task.number}`}
        disabledReason={(action) => {
          const block = action === "send" ? sendBlock(task.contractor) : null;
          return block ? SEND_BLOCKED[block] : null;
        }}
        confirmation={(action) => (action === "accept" ? paymentConfirmation(task) : null)}
        extra={
          canEdit ? (
            <Button variant="default" onClick={onEdit}>
              Edit
            </Button>
          ) : null
        }
      />
      <SubmittedResult task={task} />
      <TaskFacts task={task} side="company" />
      <Divider />
      <TaskHistory history={task.history ?? []} />
    </Stack>
  );
}
