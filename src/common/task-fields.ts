/** The longest texts a task keeps: the server refuses longer ones, the task form stops typing at them. */
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 20_000;
export const PROJECT_MAX = 100;
export const EXTERNAL_ID_MAX = 100;
/** A comment on a move (cancel, decline, return). */
export const COMMENT_MAX = 5000;
