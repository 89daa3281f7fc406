import type { HookPayloads, Hooks, Tx } from "../kernel/tx.ts";
import { cancelDeletion } from "./delete-account.ts";
import { recordSecurityEvent } from "./history.ts";
import { forgetAllDevices } from "./remembered-devices.ts";
import { askSecondStep } from "./second-step.ts";

/** A session opened: the history says so, and signing in during the grace period cancels a deletion. */
async function onSessionOpened(tx: Tx, payload: HookPayloads["session.opened"]): Promise<void> {
  await recordSecurityEvent(tx, payload.userId, { kind: "signed-in", visitor: payload.visitor });
  await cancelDeletion(tx, payload.userId, payload.visitor);
}

/** The password was set through an emailed link: remembered devices are forgotten, the person is told. */
async function onPasswordChanged(tx: Tx, payload: HookPayloads["password.changed"]): Promise<void> {
  await forgetAllDevices(tx, payload.userId);
  await recordSecurityEvent(tx, payload.userId, {
    kind: "password-changed",
    visitor: payload.visitor,
    notify: true,
  });
}

export function registerAccountHooks(hooks: Hooks): void {
  hooks.on("sign-in.password-accepted", askSecondStep);
  hooks.on("session.opened", onSessionOpened);
  hooks.on("password.changed", onPasswordChanged);
}
