import { Button, Group, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { MAX_COMPANY_NAME_LENGTH } from "../../common/admin.ts";
import type { CompanySettings } from "../../common/wire/admin.ts";
import { Section } from "../account/Section.tsx";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import { queryKeys } from "../api/query-keys.ts";
import { FormAlert } from "../auth/FormAlert.tsx";
import { companyPath } from "./admin-api.ts";

/** The company's name, as every member and contractor sees it. */
export function CompanyNameSection({ company }: { company: CompanySettings }) {
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { name: company.name },
    validate: { name: (v) => (v.trim() ? null : "Enter the company's name.") },
  });
  const rename = useMutation({
    mutationFn: (values: { name: string }) =>
      api.patch<CompanySettings>(companyPath(company.id, "/settings"), values),
    onSuccess: async (saved) => {
      form.setValues({ name: saved.name });
      form.resetDirty({ name: saved.name });
      notifications.show({ color: "green", title: "Saved", message: `The company is now “${saved.name}”.` });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.me() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.companySettings(company.id) }),
      ]);
    },
    onError: (error) => setProblem(showProblemInForm(form, error)),
  });
  return (
    <Section id="company-name" title="Company" description="Members and contractors see this name.">
      <form
        noValidate
        aria-labelledby="company-name"
        onSubmit={form.onSubmit((values) => {
          setProblem(null);
          rename.mutate(values);
        })}
      >
        <Stack gap="sm" maw={420}>
          <FormAlert>{problem}</FormAlert>
          <TextInput
            label="Company name"
            required
            maxLength={MAX_COMPANY_NAME_LENGTH}
            {...form.getInputProps("name")}
          />
          <Group>
            <Button type="submit" loading={rename.isPending} disabled={!form.isDirty()}>
              Save name
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
