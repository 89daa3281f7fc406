/** The lengths a task's text fields may have: the task form, the API and the import file apply the same. */
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 20_000;
export const PROJECT_MAX = 100;
export const EXTERNAL_ID_MAX = 100;
