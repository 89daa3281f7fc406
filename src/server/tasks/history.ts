import type { TaskStatus } from "../../common/task-status.ts";
import { chunks } from "../db/chunks.ts";
import { newId } from "../db/ids.ts";
import type { Tx } from "../kernel/tx.ts";

export interface TaskMove {
  taskId: string;
  from: TaskStatus | null;
  to: TaskStatus;
  comment?: string | null;
}

/**
 * Keeps moves in the tasks' history, by whom and at the unit of work's instant; call it in the transaction
 * that makes them. Returns their ids in order (an email's key names the move that caused it).
 */
export async function recordTaskMoves(tx: Tx, actorUserId: string, moves: TaskMove[]): Promise<string[]> {
  const at = tx.now.toISOString();
  const rows = moves.map((move) => ({
    id: newId(tx.now.getTime()),
    task_id: move.taskId,
    at,
    actor_user_id: actorUserId,
    from_status: move.from,
    to_status: move.to,
    comment: move.comment ?? null,
  }));
  // In slices: an import can offer thousands of tasks to one contractor, and removing them cancels them all.
  for (const part of chunks(rows)) await tx.db.insertInto("task_events").values(part).execute();
  return rows.map((row) => row.id);
}

/** One move: `recordTaskMoves` of one. */
export async function recordTaskMove(tx: Tx, actorUserId: string, move: TaskMove): Promise<string> {
  const [id] = await recordTaskMoves(tx, actorUserId, [move]);
  if (!id) throw new Error("recordTaskMove: the move was not recorded");
  return id;
}
