import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { normalizeEmail } from "../../common/email.ts";
import {
  AccountExportSchema,
  AccountMessageSchema,
  AccountSchema,
  AccountSessionSchema,
  RecoveryCodesSchema,
  RememberedDeviceSchema,
  SecurityEventSchema,
  TwoStepSetupSchema,
} from "../../common/wire/account.ts";
import { UserSchema } from "../../common/wire/me.ts";
import { requireCompanyActor } from "../auth/guards.ts";
import { hashNewPassword } from "../auth/passwords.ts";
import { presentUser } from "../auth/present.ts";
import { visitorOf } from "../auth/routes.ts";
import { clearSessionCookie, setDeviceCookie, setSessionCookie } from "../auth/session-cookie.ts";
import { invalidField, problems } from "../http/problem.ts";
import { limitPerIp } from "../http/rate-limit.ts";
import { requireUser } from "../http/request-user.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { changePassword } from "./change-password.ts";
import { checkCurrentPassword } from "./current-password.ts";
import { requestDeletion } from "./delete-account.ts";
import { deleteCompany } from "./delete-company.ts";
import {
  cancelEmailChange,
  confirmEmailChange,
  EMAIL_CHANGE_REQUESTED,
  requestEmailChange,
} from "./email-change.ts";
import { endOwnOtherSessions, endOwnSession } from "./end-sessions.ts";
import { requestExport } from "./export-data.ts";
import {
  findAccount,
  findExportArchive,
  listExports,
  listRememberedDevices,
  listSecurityHistory,
  listSessions,
} from "./queries.ts";
import { forgetDevice } from "./remembered-devices.ts";
import { setTwoStepRequirement } from "./require-two-step.ts";
import {
  ChangeEmailBody,
  ChangePasswordBody,
  CompanyParams,
  ConfirmTwoStepBody,
  IdParams,
  PasswordAndCodeBody,
  PasswordBody,
  SecondStepBody,
  TokenBody,
  TwoStepRequirementBody,
} from "./schemas.ts";
import { checkSecondFactor, hasSecondStep } from "./second-factor.ts";
import { checkSecondStep, completeSecondStep } from "./second-step.ts";
import { beginTwoStepSetup, confirmTwoStep, disableTwoStep, renewRecoveryCodes } from "./two-step.ts";

const tags = ["account"];
const list = <T extends import("@sinclair/typebox").TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item) });

/** The Account page's API: the signed-in person's own password, address, sessions, second step and data. */
export function registerAccountRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, database, bus } = context;
  const db = database.db;
  const endStreams = async (userId: string) => bus.signal({ name: "session.ended", userId });
  const linkUse = limitPerIp(context.rateCounters(db), "links", config.rateLimits.linksPerIp);
  const current = (request: FastifyRequest) => requireUser(request);

  app.post(
    "/api/auth/second-step",
    {
      schema: {
        tags: ["auth"],
        summary: "Finish a sign-in with the authenticator's code or a recovery code",
        description:
          "The token of the 202 answer of sign-in (or set-password). A wrong code: 400 (the fifth kills the sign-in); a dead sign-in: 410.",
        body: SecondStepBody,
        response: { 200: UserSchema, ...problems(400, 410, 429) },
      },
    },
    async (request, reply) => {
      const checked = await checkSecondStep(context, request.body);
      const done = await transact(context, (tx) =>
        completeSecondStep(tx, visitorOf(request), checked, {
          rememberDevice: request.body.rememberDevice === true,
        }),
      );
      setSessionCookie(reply, config, done.sessionToken);
      if (done.deviceToken) setDeviceCookie(reply, config, done.deviceToken);
      return presentUser(done.user);
    },
  );

  app.get(
    "/api/account",
    {
      schema: {
        tags,
        summary: "The signed-in person's account",
        response: { 200: AccountSchema, ...problems(401) },
      },
    },
    async (request) => findAccount(db, current(request).user.id),
  );

  app.post(
    "/api/account/password",
    {
      schema: {
        tags,
        summary: "Change the password with the current one; every other session ends",
        body: ChangePasswordBody,
        response: { 204: { type: "null" }, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const session = current(request);
      await checkCurrentPassword(context, session.user, request.body.currentPassword);
      const passwordHash = await hashNewPassword(request.body.password);
      await transact(context, (tx) => changePassword(tx, session, visitorOf(request), passwordHash));
      await endStreams(session.user.id);
      return reply.code(204).send();
    },
  );

  app.post(
    "/api/account/email",
    {
      schema: {
        tags,
        summary: "Ask to change the email address (the new one confirms a link; the old one may undo it)",
        description: "202 with the same message whether or not the new address has an account.",
        body: ChangeEmailBody,
        response: { 202: AccountMessageSchema, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { user } = current(request);
      await checkCurrentPassword(context, user, request.body.currentPassword);
      const email = normalizeEmail(request.body.email);
      if (!email) throw invalidField("email", "Enter a valid email address.");
      await transact(context, (tx) => requestEmailChange(tx, user, visitorOf(request), email));
      return reply.code(202).send({ message: EMAIL_CHANGE_REQUESTED });
    },
  );

  app.post(
    "/api/account/email/confirm",
    {
      onRequest: linkUse,
      schema: {
        tags,
        summary: "Use the new address's confirmation link: the account takes the address",
        body: TokenBody,
        response: { 200: UserSchema, ...problems(400, 409, 410, 429) },
      },
    },
    async (request) =>
      presentUser(
        await transact(context, (tx) => confirmEmailChange(tx, visitorOf(request), request.body.token)),
      ),
  );

  app.post(
    "/api/account/email/cancel",
    {
      onRequest: linkUse,
      schema: {
        tags,
        summary: "Use the old address's link: undo the change of address, and sign out every device",
        body: TokenBody,
        response: { 200: AccountMessageSchema, ...problems(400, 409, 410, 429) },
      },
    },
    async (request, reply) => {
      const userId = await transact(context, (tx) =>
        cancelEmailChange(tx, visitorOf(request), request.body.token),
      );
      await endStreams(userId);
      if (request.auth?.user.id === userId) clearSessionCookie(reply, config);
      return {
        message:
          "The change of address was undone and every device was signed out. Choose a new password with Forgot password?.",
      };
    },
  );

  app.get(
    "/api/account/sessions",
    {
      schema: {
        tags,
        summary: "Where the person is signed in",
        response: { 200: list(AccountSessionSchema), ...problems(401) },
      },
    },
    async (request) => {
      const session = current(request);
      return { items: await listSessions(db, session.user.id, session.sessionId) };
    },
  );

  app.delete(
    "/api/account/sessions/:id",
    {
      schema: {
        tags,
        summary: "Sign out one device",
        params: IdParams,
        response: { 204: { type: "null" }, ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      const session = current(request);
      await transact(context, (tx) => endOwnSession(tx, session, visitorOf(request), request.params.id));
      await endStreams(session.user.id);
      return reply.code(204).send();
    },
  );

  app.post(
    "/api/account/sessions/sign-out-others",
    {
      schema: {
        tags,
        summary: "Sign out every other device",
        response: { 204: { type: "null" }, ...problems(401) },
      },
    },
    async (request, reply) => {
      const session = current(request);
      await transact(context, (tx) => endOwnOtherSessions(tx, session, visitorOf(request)));
      await endStreams(session.user.id);
      return reply.code(204).send();
    },
  );

  app.post(
    "/api/account/two-step/setup",
    {
      schema: {
        tags,
        summary: "Start setting up an authenticator app: its secret as text and QR code",
        response: { 200: TwoStepSetupSchema, ...problems(401, 409) },
      },
    },
    async (request) => {
      const { user } = current(request);
      return transact(context, (tx) => beginTwoStepSetup(tx, user));
    },
  );

  app.post(
    "/api/account/two-step/confirm",
    {
      schema: {
        tags,
        summary: "Turn two-step sign-in on with a code from the app; answers the 10 recovery codes, once",
        body: ConfirmTwoStepBody,
        response: { 200: RecoveryCodesSchema, ...problems(400, 401, 409, 429) },
      },
    },
    async (request) => {
      const { user } = current(request);
      await checkCurrentPassword(context, user, request.body.currentPassword);
      return transact(context, (tx) => confirmTwoStep(tx, user, visitorOf(request), request.body.code));
    },
  );

  app.post(
    "/api/account/two-step/disable",
    {
      schema: {
        tags,
        summary: "Turn two-step sign-in off (password and a code); refused while a company requires it",
        body: PasswordAndCodeBody,
        response: { 204: { type: "null" }, ...problems(400, 401, 409, 429) },
      },
    },
    async (request, reply) => {
      const { user } = current(request);
      await checkCurrentPassword(context, user, request.body.currentPassword);
      const match = await checkSecondFactor(context, user.id, request.body.code);
      await transact(context, (tx) => disableTwoStep(tx, user, visitorOf(request), match));
      return reply.code(204).send();
    },
  );

  app.post(
    "/api/account/two-step/recovery-codes",
    {
      schema: {
        tags,
        summary: "Make 10 new recovery codes (the old ones die); answers them, once",
        body: PasswordBody,
        response: { 200: RecoveryCodesSchema, ...problems(400, 401, 409, 429) },
      },
    },
    async (request) => {
      const { user } = current(request);
      await checkCurrentPassword(context, user, request.body.currentPassword);
      return transact(context, (tx) => renewRecoveryCodes(tx, user, visitorOf(request)));
    },
  );

  app.get(
    "/api/account/remembered-devices",
    {
      schema: {
        tags,
        summary: "Browsers that skip the second step",
        response: { 200: list(RememberedDeviceSchema), ...problems(401) },
      },
    },
    async (request) => ({ items: await listRememberedDevices(db, current(request).user.id) }),
  );

  app.delete(
    "/api/account/remembered-devices/:id",
    {
      schema: {
        tags,
        summary: "Forget a remembered browser: it is asked for the second step again",
        params: IdParams,
        response: { 204: { type: "null" }, ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      const { user } = current(request);
      await transact(context, (tx) => forgetDevice(tx, user.id, visitorOf(request), request.params.id));
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/account/history",
    {
      schema: {
        tags,
        summary: "The person's security history, newest first",
        response: { 200: list(SecurityEventSchema), ...problems(401) },
      },
    },
    async (request) => ({ items: await listSecurityHistory(db, current(request).user.id) }),
  );

  app.get(
    "/api/account/exports",
    {
      schema: {
        tags,
        summary: "Copies of the person's data",
        response: { 200: list(AccountExportSchema), ...problems(401) },
      },
    },
    async (request) => ({ items: await listExports(db, current(request).user.id) }),
  );

  app.post(
    "/api/account/exports",
    {
      schema: {
        tags,
        summary:
          "Ask for a copy of everything the platform holds about you (prepared in the background, emailed when ready)",
        response: { 202: AccountExportSchema, ...problems(401, 409) },
      },
    },
    async (request, reply) => {
      const { user } = current(request);
      const id = await transact(context, (tx) => requestExport(tx, user, visitorOf(request)));
      const [created] = (await listExports(db, user.id)).filter((e) => e.id === id);
      if (!created) throw new Error("The export just requested was not found");
      return reply.code(202).send(created);
    },
  );

  // A file, not a JSON object of the contract: registered without the typed provider's reply schemas.
  fastify.get<{ Params: { id: string } }>(
    "/api/account/exports/:id/archive",
    { schema: { tags, summary: "Download a ready copy as JSON (401, 404 as problems)", params: IdParams } },
    async (request, reply) => {
      const { user } = current(request);
      const archive = await findExportArchive(db, user.id, request.params.id);
      return reply
        .type("application/json; charset=utf-8")
        .header("content-disposition", 'attachment; filename="crewdesk-data.json"')
        .header("cache-control", "no-store")
        .send(archive);
    },
  );

  app.post(
    "/api/account/deletion",
    {
      schema: {
        tags,
        summary:
          "Delete the account after 7 days (password, and the second step if on); signing in cancels it",
        body: PasswordAndCodeBody,
        response: {
          202: Type.Object({ deletionDueAt: Type.String({ format: "date-time" }) }),
          ...problems(400, 401, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const { user } = current(request);
      await checkCurrentPassword(context, user, request.body.currentPassword);
      const match = (await hasSecondStep(db, user.id))
        ? await checkSecondFactor(context, user.id, request.body.code)
        : null;
      const dueAt = await transact(context, (tx) => requestDeletion(tx, user, visitorOf(request), match));
      await endStreams(user.id);
      clearSessionCookie(reply, config);
      return reply.code(202).send({ deletionDueAt: dueAt.toISOString() });
    },
  );

  app.post(
    "/api/companies/:cid/deletion",
    {
      schema: {
        tags,
        summary:
          "The owner deletes the company (password, and the second step if on): members and contractors lose it at once",
        description:
          "409 while it holds available or reserved money, has tasks offered, in progress or in review, or a top-up awaiting payment; the detail says what to do. Its tasks and money records stay.",
        params: CompanyParams,
        body: PasswordAndCodeBody,
        response: { 204: { type: "null" }, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid, ["owner"]);
      const { user } = current(request);
      await checkCurrentPassword(context, user, request.body.currentPassword);
      const match = (await hasSecondStep(db, user.id))
        ? await checkSecondFactor(context, user.id, request.body.code)
        : null;
      await transact(context, (tx) => deleteCompany(tx, actor, match));
      return reply.code(204).send();
    },
  );

  app.put(
    "/api/companies/:cid/two-step-requirement",
    {
      schema: {
        tags,
        summary: "The owner requires (or not) every member of the company to sign in with a second step",
        params: CompanyParams,
        body: TwoStepRequirementBody,
        response: { 204: { type: "null" }, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid, ["owner"]);
      await transact(context, (tx) => setTwoStepRequirement(tx, actor, request.body.required));
      return reply.code(204).send();
    },
  );
}
