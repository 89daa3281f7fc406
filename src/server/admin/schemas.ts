import { Type } from "@sinclair/typebox";
import { MAX_COMPANY_NAME_LENGTH, MAX_TOKEN_NAME_LENGTH } from "../../common/admin.ts";
import { MAX_EMAIL_LENGTH } from "../../common/email.ts";
import { CompanyRoleSchema } from "../../common/wire/me.ts";

// The requests of the company settings routes; the objects they answer with are in src/common/wire/admin.ts.

const Id = Type.String({ maxLength: 64 });

export const CompanyParams = Type.Object({ cid: Id });
export const MemberParams = Type.Object({ cid: Id, userId: Id });
export const TokenParams = Type.Object({ cid: Id, id: Id });

export const RenameBody = Type.Object({
  // The use case trims and names the field when it is empty or too long.
  name: Type.String({ maxLength: MAX_COMPANY_NAME_LENGTH * 2 }),
});

export const AddMemberBody = Type.Object({
  email: Type.String({ maxLength: MAX_EMAIL_LENGTH * 4 }),
  role: CompanyRoleSchema,
});

export const ChangeRoleBody = Type.Object({ role: CompanyRoleSchema });

export const CreateTokenBody = Type.Object({
  name: Type.String({ maxLength: MAX_TOKEN_NAME_LENGTH * 2 }),
  role: CompanyRoleSchema,
});
