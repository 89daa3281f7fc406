import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  EmailVerifiedSchema,
  MessageSchema,
  PasswordSetSchema,
  SecondStepRequiredSchema,
  TokenInfoSchema,
} from "../../common/wire/auth.ts";
import { UserSchema } from "../../common/wire/me.ts";
import { problems } from "../http/problem.ts";
import { limitPerIp } from "../http/rate-limit.ts";
import { requireUser } from "../http/request-user.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { inspectToken } from "./inspect-token.ts";
import { checkPasswordRecovery, RECOVERY_ACCEPTED, requestPasswordRecovery } from "./password-recovery.ts";
import { hashNewPassword } from "./passwords.ts";
import { presentUser } from "./present.ts";
import { checkVerificationResend, resendVerificationEmail } from "./resend-verification.ts";
import { PasswordRecoveryBody, SetPasswordBody, SignInBody, SignUpBody, TokenBody } from "./schemas.ts";
import { clearSessionCookie, deviceCookieName, setSessionCookie } from "./session-cookie.ts";
import { checkPasswordLink, setPassword } from "./set-password.ts";
import { checkCredentials, signIn } from "./sign-in.ts";
import { signOut } from "./sign-out.ts";
import { checkSignUp, signUp } from "./sign-up.ts";
import { verifyEmail } from "./verify-email.ts";

const tags = ["auth"];

/** The request's sender as the use cases before sign-in see them. */
export const visitorOf = (request: FastifyRequest): Visitor => ({
  ip: request.ip,
  sessionId: request.auth?.sessionId ?? null,
  userId: request.auth?.user.id ?? null,
  userAgent: request.headers["user-agent"] ?? null,
});

/** Sign-up, sign-in and out, and the pages behind emailed links. */
export function registerAuthRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, database, bus } = context;
  // A session ended: every node ends its event streams at once (the streams re-check their session).
  const endStreams = async (...userIds: Array<string | undefined>) => {
    for (const userId of new Set(userIds)) if (userId) await bus.signal({ name: "session.ended", userId });
  };
  // Every page behind an emailed link shares one allowance per client address.
  const linkUse = limitPerIp(context.rateCounters(database.db), "links", config.rateLimits.linksPerIp);

  app.post(
    "/api/auth/sign-up",
    {
      schema: {
        tags,
        summary: "Open an account and sign in",
        body: SignUpBody,
        response: { 201: UserSchema, ...problems(400, 409, 429, 503) },
      },
    },
    async (request, reply) => {
      const visitor = visitorOf(request);
      const checked = await checkSignUp(context, visitor, request.body);
      const { user, sessionToken } = await transact(context, (tx) => signUp(tx, checked));
      setSessionCookie(reply, config, sessionToken);
      return reply.code(201).send(presentUser(user));
    },
  );

  app.post(
    "/api/auth/sign-in",
    {
      schema: {
        tags,
        summary: "Sign in with email and password",
        description:
          "200 with the user and a session cookie; 202 when the account asks for its second step (POST /api/auth/second-step), unless this browser is remembered.",
        body: SignInBody,
        response: { 200: UserSchema, 202: SecondStepRequiredSchema, ...problems(400, 401, 429, 503) },
      },
    },
    async (request, reply) => {
      const visitor = visitorOf(request);
      const user = await checkCredentials(context, visitor, request.body);
      const deviceToken = request.cookies[deviceCookieName(config)] ?? null;
      const outcome = await transact(context, (tx) => signIn(tx, visitor, user, deviceToken));
      await endStreams(request.auth?.user.id);
      if (request.auth) clearSessionCookie(reply, config);
      if (outcome.kind === "second-step") return reply.code(202).send({ secondStep: outcome.challenge });
      setSessionCookie(reply, config, outcome.sessionToken);
      return presentUser(user);
    },
  );

  app.post(
    "/api/auth/sign-out",
    { schema: { tags, summary: "End this session" } },
    async (request, reply) => {
      await transact(context, (tx) => signOut(tx, visitorOf(request)));
      await endStreams(request.auth?.user.id);
      clearSessionCookie(reply, config);
      return reply.code(204).send();
    },
  );

  app.post(
    "/api/auth/password-recovery",
    {
      schema: {
        tags,
        summary: "Send a set-password link to the address, if it has an account",
        body: PasswordRecoveryBody,
        response: { 202: MessageSchema, ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      const email = await checkPasswordRecovery(context, visitorOf(request), request.body);
      await transact(context, (tx) => requestPasswordRecovery(tx, email));
      return reply.code(202).send({ message: RECOVERY_ACCEPTED });
    },
  );

  app.post(
    "/api/auth/tokens/inspect",
    {
      onRequest: linkUse,
      schema: {
        tags,
        summary: "Read what an emailed link is for, without using it (410 when dead)",
        body: TokenBody,
        response: { 200: TokenInfoSchema, ...problems(400, 410) },
      },
    },
    async (request) => inspectToken(context.database.db, request.body.token),
  );

  app.post(
    "/api/auth/set-password",
    {
      onRequest: linkUse,
      schema: {
        tags,
        summary: "Use a recovery or invitation link: set the password and sign in",
        description:
          "202 when the account has a second step: the link does not skip it (POST /api/auth/second-step).",
        body: SetPasswordBody,
        response: { 200: PasswordSetSchema, 202: SecondStepRequiredSchema, ...problems(400, 410, 429, 503) },
      },
    },
    async (request, reply) => {
      // A dead or wrong link is refused before the password is hashed: refusing it costs one indexed read.
      await checkPasswordLink(context.database.db, request.body.token);
      // Checked before the link is touched: a refused password leaves the link usable.
      const passwordHash = await hashNewPassword(request.body.password);
      const outcome = await transact(context, (tx) =>
        setPassword(tx, visitorOf(request), { token: request.body.token, passwordHash }),
      );
      await endStreams(outcome.user.id, request.auth?.user.id);
      if (outcome.kind === "second-step") {
        if (request.auth) clearSessionCookie(reply, config);
        return reply.code(202).send({ secondStep: outcome.challenge, joined: outcome.joined });
      }
      setSessionCookie(reply, config, outcome.sessionToken);
      return { ...presentUser(outcome.user), joined: outcome.joined };
    },
  );

  app.post(
    "/api/auth/verify-email",
    {
      onRequest: linkUse,
      schema: {
        tags,
        summary: "Use an email confirmation link",
        description:
          "Signed in to the account, what it holds stays. Anywhere else, an account that never proved its address is reset: its name, password, sessions and required information are gone (accountReset), and its owner chooses a password with Forgot password?.",
        body: TokenBody,
        response: { 200: EmailVerifiedSchema, ...problems(400, 410, 429) },
      },
    },
    async (request) => {
      const { user, reset } = await transact(context, (tx) =>
        verifyEmail(tx, visitorOf(request), request.body),
      );
      if (reset) await endStreams(user.id);
      return { ...presentUser(user), accountReset: reset };
    },
  );

  app.post(
    "/api/auth/verification-email",
    {
      schema: {
        tags,
        summary: "Send the signed-in user a new email confirmation link (older links die)",
        response: { 202: { type: "null" }, ...problems(401, 429) },
      },
    },
    async (request, reply) => {
      const { user } = requireUser(request);
      await checkVerificationResend(context, user);
      await transact(context, (tx) => resendVerificationEmail(tx, user));
      return reply.code(202).send();
    },
  );
}
