import { DatePickerInput } from "@mantine/dates";
import { formatCalendarMonth, formatDate, formatWeekdayShort } from "../../common/format.ts";

const calendarLabels = {
  previousMonth: "Previous month",
  nextMonth: "Next month",
  previousYear: "Previous year",
  nextYear: "Next year",
  previousDecade: "Previous decade",
  nextDecade: "Next decade",
  monthLevelControl: "Choose a month",
  yearLevelControl: "Choose a year",
};

/**
 * A calendar date field ("2026-12-31"), shown the way every page shows dates: through the one formatter, in
 * the reader's locale. The browser's own date input would write it mm/dd/yyyy whatever the page says.
 * Typing is not needed: the calendar opens with Enter or Space and is walked with the arrow keys.
 */
export function DateField({
  label,
  value,
  onChange,
  error,
  disabled,
  description,
}: {
  label: string;
  /** "" when empty. */
  value: string;
  onChange: (value: string) => void;
  error?: React.ReactNode;
  disabled?: boolean;
  description?: React.ReactNode;
}) {
  return (
    <DatePickerInput
      label={label}
      description={description}
      placeholder="No date"
      clearable
      clearButtonProps={{ "aria-label": `Clear ${label.toLowerCase()}` }}
      // The button's name carries the chosen date: a label alone would hide it from screen readers.
      aria-label={`${label}: ${value ? formatDate(value) : "no date"}`}
      value={value || null}
      onChange={(next) => onChange(next ?? "")}
      error={error}
      disabled={disabled}
      valueFormatter={({ date }) => (typeof date === "string" && date ? formatDate(date) : "")}
      monthLabelFormat={(month) => formatCalendarMonth(month)}
      weekdayFormat={(day) => formatWeekdayShort(day)}
      getDayAriaLabel={(day) => formatDate(day)}
      ariaLabels={calendarLabels}
      hideOutsideDates
      popoverProps={{ withinPortal: true }}
      // "No date" is real text here, not an input's placeholder: it needs the 4.5:1 of text.
      styles={{ placeholder: { color: "var(--mantine-color-dimmed)" } }}
    />
  );
}
