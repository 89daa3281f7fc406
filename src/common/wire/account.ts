import { type Static, Type } from "@sinclair/typebox";

const DateTime = Type.String({ format: "date-time" });

/** GET /api/account: the person's own account, as the Account page shows it. */
export const AccountSchema = Type.Object({
  email: Type.String(),
  pendingEmail: Type.Union([Type.Null(), Type.Object({ email: Type.String(), requestedAt: DateTime })], {
    description: "A new address waiting for its confirmation link; nothing changed yet",
  }),
  twoStep: Type.Object({
    enabled: Type.Boolean(),
    recoveryCodesLeft: Type.Integer(),
    requiredBy: Type.Array(Type.String(), {
      description: "Companies (names) whose owner requires every member to have a second step",
    }),
  }),
  companies: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      role: Type.Union([Type.Literal("owner"), Type.Literal("manager")]),
      twoStepRequired: Type.Boolean(),
      onlyOwner: Type.Boolean({
        description:
          "The person is its only owner: they make another member owner or delete it before deleting their account",
      }),
    }),
  ),
  deletionDueAt: Type.Union([Type.Null(), DateTime]),
});
export type Account = Static<typeof AccountSchema>;

/** One signed-in device. */
export const AccountSessionSchema = Type.Object({
  id: Type.String(),
  browser: Type.String({ description: "Read from the User-Agent: “Firefox 128”, or “Unknown browser”" }),
  system: Type.String({ description: "“Windows 10”, “iOS 17”, or “Unknown system”" }),
  ip: Type.Union([Type.Null(), Type.String()]),
  createdAt: DateTime,
  lastSeenAt: DateTime,
  current: Type.Boolean({ description: "The session of this request" }),
});
export type AccountSession = Static<typeof AccountSessionSchema>;

/** A browser that skips the second step until `expiresAt`. */
export const RememberedDeviceSchema = Type.Object({
  id: Type.String(),
  browser: Type.String(),
  system: Type.String(),
  ip: Type.Union([Type.Null(), Type.String()]),
  createdAt: DateTime,
  lastUsedAt: DateTime,
  expiresAt: DateTime,
});
export type RememberedDevice = Static<typeof RememberedDeviceSchema>;

/** One line of the security history. */
export const SecurityEventSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  at: DateTime,
  ip: Type.Union([Type.Null(), Type.String()]),
  browser: Type.String(),
  system: Type.String(),
  detail: Type.Union([Type.Null(), Type.String()]),
});
export type SecurityEvent = Static<typeof SecurityEventSchema>;

/** POST /api/account/two-step/setup: the secret to give the authenticator app. */
export const TwoStepSetupSchema = Type.Object({
  secret: Type.String({ description: "Base32, as typed into an authenticator by hand" }),
  otpauthUrl: Type.String(),
  qrCode: Type.String({ description: "The otpauth URL as an SVG QR code (a data: URL)" }),
});
export type TwoStepSetup = Static<typeof TwoStepSetupSchema>;

/** Recovery codes, shown once. */
export const RecoveryCodesSchema = Type.Object({ recoveryCodes: Type.Array(Type.String()) });
export type RecoveryCodes = Static<typeof RecoveryCodesSchema>;

/** A data archive being prepared, ready, or failed. */
export const AccountExportSchema = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal("preparing"), Type.Literal("ready"), Type.Literal("failed")]),
  requestedAt: DateTime,
  readyAt: Type.Union([Type.Null(), DateTime]),
  expiresAt: Type.Union([Type.Null(), DateTime]),
});
export type AccountExport = Static<typeof AccountExportSchema>;

export const AccountMessageSchema = Type.Object({ message: Type.String() });
