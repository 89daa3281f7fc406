import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { clearSessionCookie, requireUser, setSessionCookie } from "../http/auth-context.ts";
import type { AppContext } from "../kernel/context.ts";
import { inspectToken } from "./inspect-token.ts";
import { RECOVERY_ACCEPTED, requestPasswordRecovery } from "./password-recovery.ts";
import { presentUser, UserSchema } from "./present.ts";
import { resendVerificationEmail } from "./resend-verification.ts";
import {
  PasswordRecoveryAnswer,
  PasswordRecoveryBody,
  SetPasswordBody,
  SignInBody,
  SignUpBody,
  TokenBody,
  TokenInfoSchema,
} from "./schemas.ts";
import { setPassword } from "./set-password.ts";
import { signIn } from "./sign-in.ts";
import { signOut } from "./sign-out.ts";
import { signUp } from "./sign-up.ts";
import { verifyEmail } from "./verify-email.ts";

const tags = ["auth"];

/** Sign-up, sign-in and out, and the pages behind emailed links. */
export function registerAuthRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, database } = context;

  app.post(
    "/api/auth/sign-up",
    {
      schema: {
        tags,
        summary: "Open an account and sign in",
        body: SignUpBody,
        response: { 201: UserSchema },
      },
    },
    async (request, reply) => {
      const { user, sessionToken } = await signUp(context, { ...request.body, ip: request.ip });
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
        body: SignInBody,
        response: { 200: UserSchema },
      },
    },
    async (request, reply) => {
      const { user, sessionToken } = await signIn(context, {
        ...request.body,
        ip: request.ip,
        currentSessionId: request.auth?.sessionId ?? null,
      });
      setSessionCookie(reply, config, sessionToken);
      return presentUser(user);
    },
  );

  app.post(
    "/api/auth/sign-out",
    { schema: { tags, summary: "End this session" } },
    async (request, reply) => {
      await signOut(context, request.auth?.sessionId ?? null);
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
        response: { 202: PasswordRecoveryAnswer },
      },
    },
    async (request, reply) => {
      await requestPasswordRecovery(context, { email: request.body.email, ip: request.ip });
      return reply.code(202).send({ message: RECOVERY_ACCEPTED });
    },
  );

  app.post(
    "/api/auth/tokens/inspect",
    {
      schema: {
        tags,
        summary: "Read what an emailed link is for, without using it (410 when dead)",
        body: TokenBody,
        response: { 200: TokenInfoSchema },
      },
    },
    async (request) => inspectToken(database.db, request.body.token),
  );

  app.post(
    "/api/auth/set-password",
    {
      schema: {
        tags,
        summary: "Use a recovery or invitation link: set the password and sign in",
        body: SetPasswordBody,
        response: { 200: UserSchema },
      },
    },
    async (request, reply) => {
      const { user, sessionToken } = await setPassword(context, {
        ...request.body,
        currentSessionId: request.auth?.sessionId ?? null,
      });
      setSessionCookie(reply, config, sessionToken);
      return presentUser(user);
    },
  );

  app.post(
    "/api/auth/verify-email",
    {
      schema: {
        tags,
        summary: "Use an email confirmation link",
        body: TokenBody,
        response: { 200: UserSchema },
      },
    },
    async (request) => presentUser(await verifyEmail(database.db, request.body.token)),
  );

  app.post(
    "/api/auth/verification-email",
    {
      schema: {
        tags,
        summary: "Send the signed-in user a new email confirmation link (older links die)",
        response: { 202: { type: "null" } },
      },
    },
    async (request, reply) => {
      const { user } = requireUser(request);
      await resendVerificationEmail(context, user.id);
      return reply.code(202).send();
    },
  );
}
