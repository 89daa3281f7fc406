import type { UseFormReturnType } from "@mantine/form";
import { formProblem } from "./problem.ts";

/**
 * Puts the messages of an API error next to the form fields they name (`errors[].field`) and returns the
 * sentence to show above the form for the rest (the problem's `detail`), or null when the fields say it all.
 */
export function showProblemInForm<Values extends Record<string, unknown>>(
  form: UseFormReturnType<Values>,
  error: unknown,
  fieldAliases: Record<string, string> = {},
): string | null {
  const { fieldErrors, general } = formProblem(error, Object.keys(form.getValues()), fieldAliases);
  form.setErrors(fieldErrors);
  return general;
}
