import type { TaskStatus } from "../task-status.ts";
import type { Contractor } from "./contractors.ts";
import type { Page } from "./page.ts";

export interface TaskHistoryEntry {
  at: string;
  actor: { id: string; name: string };
  from: TaskStatus | null;
  to: TaskStatus;
  comment: string | null;
}

/** The contractor as a task carries it. */
export type TaskContractor = Pick<Contractor, "id" | "name" | "email" | "status">;

/** The contract's task object. `history` only on the single-task reads; `company` only on the contractor's. */
export interface Task {
  id: string;
  number: number;
  title: string;
  description: string;
  status: TaskStatus;
  contractor: TaskContractor | null;
  amount: string;
  currency: string;
  deadline: string | null;
  project: string | null;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
  history?: TaskHistoryEntry[];
  company?: { id: string; name: string };
}

export type TaskPage = Page<Task>;

/** The task's fields as the company types them (create, or the fields of a PATCH). */
export interface TaskFieldsBody {
  title?: string;
  description?: string | null;
  amount?: string;
  currency?: string;
  deadline?: string | null;
  project?: string | null;
  externalId?: string | null;
  contractorId?: string | null;
}
