import type { Kysely } from "kysely";
import type { EventData, EventName } from "../../common/events.ts";
import type { JoinedCompany } from "../../common/wire/auth.ts";
import type { Config } from "../config.ts";
import type { DB, TokenPurpose } from "../db/types.ts";
import type { Audience } from "../events/bus.ts";

/**
 * One unit of work: the open transaction and what a use case may do inside it. Use cases take a `Tx`
 * first, so one use case can call another inside the same transaction (a task created with a new
 * contractor's email invites them in the task's transaction). `transact` makes one.
 */
export interface Tx {
  /** The open transaction. Every read and write of the use case goes through it. */
  readonly db: Kysely<DB>;
  readonly config: Config;
  readonly hooks: Hooks;
  /** The time of the whole unit of work: every row it writes carries the same instant. */
  readonly now: Date;
  /** Queues a live event; it is published only once the transaction has committed, never on rollback. */
  publish<N extends EventName>(name: N, audience: Audience, data: EventData<N>): void;
  /** Runs `effect` after commit (in order, after the queued events); never on rollback. */
  afterCommit(effect: () => Promise<void>): void;
}

/**
 * What one feature tells the others, inside the transaction of the change. A feature that must react to
 * another's change registers a handler instead of importing the other's files: the folder that changes
 * things never needs to know who listens. Add a hook by adding its payload here.
 */
export interface HookPayloads {
  /**
   * The owner of a mailbox proved it with an emailed link (auth's `proveMailbox`: a recovery or invitation
   * link used to set the password, a confirmation link, an invitation accepted from its link).
   * With `reset` (an account that never proved its address, proven from outside its own sessions: anyone
   * could have filled it), whatever was entered before is forgotten: profile deletes the required
   * information, contractors takes back acceptances and activates nobody from it. With `acceptInvitations`,
   * contractors accepts the user's pending invitations that the company did not remove, and adds each
   * company to `joined`, the hook's answer: the page the person lands on names them.
   */
  "mailbox.proven": {
    userId: string;
    link: TokenPurpose;
    ownSession: boolean;
    reset: boolean;
    /**
     * On the first proof, the companies this person owns: their held emails just went out (or, on a reset,
     * were dropped). Contractors refreshes their lists.
     */
    companiesOwned: string[];
    acceptInvitations: boolean;
    joined: JoinedCompany[];
  };
  /** A person saved their complete required information; contractors renames them and makes them Active. */
  "profile.saved": { userId: string; name: string; email: string };
  /** A contractor left a company; tasks withdraws the offers made to them. */
  "contractor.removed": { companyId: string; contractorId: string; actorUserId: string };
  /**
   * Tasks are about to be sent (Draft → Offered) to their contractors: one task sent from its page, or a
   * batch of an import's. A handler that cannot let one go (money: not enough to reserve its amount) calls
   * `refuse` for it: that task stays Draft, the others go (a single send answers 409 with the reason). A
   * throw refuses the whole change.
   */
  "tasks.sending": {
    companyId: string;
    actorUserId: string;
    tasks: SendingTask[];
    refuse(taskId: string, reason: string): void;
  };
}

/** A task about to be offered, as the `tasks.sending` hook tells it. */
export interface SendingTask {
  id: string;
  contractorId: string;
  amountMinor: number;
  currency: string;
}

export type HookName = keyof HookPayloads;
export type HookHandler<N extends HookName> = (tx: Tx, payload: HookPayloads[N]) => Promise<void>;

export interface Hooks {
  /** Registers a handler; handlers run in the order they were registered. */
  on<N extends HookName>(name: N, handler: HookHandler<N>): void;
  /** Runs every handler of `name` in the caller's transaction; a throw rolls the whole change back. */
  run<N extends HookName>(tx: Tx, name: N, payload: HookPayloads[N]): Promise<void>;
}
