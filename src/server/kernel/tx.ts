import type { Kysely } from "kysely";
import type { EventData, EventName } from "../../common/events.ts";
import type { CompanyEvent } from "../../common/webhooks.ts";
import type { JoinedCompany } from "../../common/wire/auth.ts";
import type { Config } from "../config.ts";
import type { AuditDoor, DB, TokenPurpose } from "../db/types.ts";
import type { Audience } from "../events/bus.ts";
import type { HttpProblem } from "../http/problem.ts";
import type { RateCounters } from "../http/rate-limit.ts";
import type { Visitor } from "./actors.ts";

/** A sign-in that waits for its second step: the secret the browser sends with the code, and its end. */
export interface SecondStepChallenge {
  token: string;
  expiresAt: string;
}

/** How a session was opened: a password, a password chosen through an emailed link, or a second step. */
export type SignInWay = "password" | "link" | "second-step";

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
  /** The rate limits' counters, in this transaction when they live in the database. */
  readonly rateCounters: RateCounters;
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
  /**
   * A password was right (sign-in) or was just set by an emailed link: before any session opens, account
   * says whether a second step is asked, by filling `challenge` (a sign-in waiting for its code). A
   * remembered device (`deviceToken`, its cookie) is not asked.
   */
  "sign-in.password-accepted": {
    userId: string;
    visitor: Visitor;
    deviceToken: string | null;
    challenge: SecondStepChallenge | null;
  };
  /** A session opened for the person (signing in ends a pending deletion: account cancels it). */
  "session.opened": { userId: string; sessionId: string; visitor: Visitor; way: SignInWay };
  /** The password was set through an emailed link; account forgets remembered devices and tells the person. */
  "password.changed": { userId: string; visitor: Visitor; way: "link" | "account" };
  /** Its owner deleted (closed) a company: admin revokes its API tokens and webhooks turns its webhooks off. */
  "company.closed": { companyId: string };
  /** A contractor left a company; tasks withdraws the offers made to them. */
  "contractor.removed": { companyId: string; contractorId: string; actorUserId: string; door?: AuditDoor };
  /**
   * Tasks were just written as Offered (Draft → Offered) in this transaction: one sent from its page, one
   * created with `send`, or a chunk of an import's. Money reserves each one's amount and fee. A handler that
   * cannot let one go calls `refuse(taskId, problem)`: tasks turns that one back into a Draft (a send from
   * its page answers with the problem; a task created with `send` or imported stays a Draft). A throw
   * refuses the whole change.
   */
  "tasks.sending": {
    companyId: string;
    actorUserId: string;
    taskIds: string[];
    refuse(taskId: string, problem: HttpProblem): void;
  };
  /** Tasks ended without a result (declined, cancelled, offer withdrawn): money returns their reservations. */
  "task.released": { companyId: string; taskIds: string[] };
  /**
   * The company accepted tasks' results (In review → Completed) in this transaction: one, or a batch of
   * concurrent acceptances by one person. Money pays each contractor and the fee; documents queues the acts.
   */
  "tasks.completed": { companyId: string; taskIds: string[]; actorUserId?: string; door?: AuditDoor };
  /**
   * Things happened to a company that its integrations may hear of (`emitCompanyEvents`): webhooks queues
   * one delivery per subscribed endpoint, in this transaction. Lower features never import webhooks.
   */
  "company.events": { companyId: string; events: CompanyEvent[] };
}

export type HookName = keyof HookPayloads;
export type HookHandler<N extends HookName> = (tx: Tx, payload: HookPayloads[N]) => Promise<void>;

export interface Hooks {
  /** Registers a handler; handlers run in the order they were registered. */
  on<N extends HookName>(name: N, handler: HookHandler<N>): void;
  /** Runs every handler of `name` in the caller's transaction; a throw rolls the whole change back. */
  run<N extends HookName>(tx: Tx, name: N, payload: HookPayloads[N]): Promise<void>;
}
