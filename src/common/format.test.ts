import { describe, expect, it } from "vitest";
import {
  daysBetween,
  formatAmount,
  formatCalendarMonth,
  formatCount,
  formatDate,
  formatDateTime,
  formatDaysFromToday,
  formatDuration,
  formatMonth,
  formatTime,
  formatTimeAgo,
  formatWeekdayShort,
  monthsEndingWith,
  plural,
} from "./format.ts";

describe("money in the reader's locale", () => {
  it("formats a USD amount with its two decimals", () => {
    expect(formatAmount("1234.50", "USD", "en-US")).toBe("$1,234.50");
  });

  it("writes it as a German reader reads it", () => {
    expect(formatAmount("1234.50", "EUR", "de-DE")).toBe("1.234,50\u00a0€");
  });

  it("formats JPY without decimals", () => {
    expect(formatAmount("1500", "JPY", "en-US")).toBe("¥1,500");
  });

  it("keeps every digit of an amount too large for a float", () => {
    expect(formatAmount("99999999999.99", "USD", "en-US")).toBe("$99,999,999,999.99");
  });

  it("shows three decimals for BHD", () => {
    expect(formatAmount("1.250", "BHD", "en-US")).toContain("1.250");
  });

  it("falls back to the raw text for something that is not an amount", () => {
    expect(formatAmount("abc", "USD", "en-US")).toBe("abc USD");
  });
});

describe("dates and times in the reader's locale", () => {
  it("shows a calendar date as the same day whatever the time zone", () => {
    expect(formatDate("2026-12-31", "en-US")).toBe("Dec 31, 2026");
    expect(formatDate("2026-12-31", "en-GB")).toBe("31 Dec 2026");
    expect(formatDate("2026-01-01", "de-DE")).toBe("01.01.2026");
  });

  it("shows an instant with its time, in the time zone asked for", () => {
    expect(formatDateTime("2026-12-01T02:20:00Z", "en-US", "UTC")).toBe("Dec 1, 2026, 2:20 AM UTC");
  });

  it("leaves text that is not a date as it is", () => {
    expect(formatDate("soon", "en-US")).toBe("soon");
    expect(formatDateTime("soon", "en-US")).toBe("soon");
  });
});

describe("a time of day in the reader's locale and zone", () => {
  it("writes the time alone as the locale does", () => {
    expect(formatTime("2026-12-01T14:05:00Z", "en-US", "UTC")).toBe("2:05 PM");
    expect(formatTime("2026-12-01T14:05:00Z", "de-DE", "Europe/Berlin")).toBe("15:05");
  });
});

describe("a date picker's calendar in the reader's locale", () => {
  it("heads the month as the locale writes it, on the same day everywhere", () => {
    expect(formatCalendarMonth("2026-12-01", "en-US")).toBe("December 2026");
    expect(formatCalendarMonth("2026-12-01", "de-DE")).toBe("Dezember 2026");
  });

  it("heads the weekday columns in the locale's words", () => {
    expect(formatWeekdayShort("2026-11-30", "en-US")).toBe("Mon");
    expect(formatWeekdayShort("2026-11-30", "de-DE")).toBe("Mo");
  });
});

describe("relative times, where they read faster", () => {
  const now = new Date("2026-12-10T12:00:00Z");

  it("says how long ago something happened", () => {
    expect(formatTimeAgo("2026-12-10T11:59:50Z", now, "en-US")).toBe("now");
    expect(formatTimeAgo("2026-12-10T11:55:00Z", now, "en-US")).toBe("5 minutes ago");
    expect(formatTimeAgo("2026-12-10T09:00:00Z", now, "en-US")).toBe("3 hours ago");
    expect(formatTimeAgo("2026-12-09T12:00:00Z", now, "en-US")).toBe("yesterday");
    expect(formatTimeAgo("2026-12-06T12:00:00Z", now, "en-US")).toBe("4 days ago");
  });

  it("counts calendar days to a deadline", () => {
    expect(daysBetween("2026-12-10", "2026-12-13")).toBe(3);
    expect(daysBetween("2026-12-10", "2026-12-07")).toBe(-3);
    expect(formatDaysFromToday("2026-12-10", "2026-12-10", "en-US")).toBe("today");
    expect(formatDaysFromToday("2026-12-11", "2026-12-10", "en-US")).toBe("tomorrow");
    expect(formatDaysFromToday("2026-12-07", "2026-12-10", "en-US")).toBe("3 days ago");
    expect(formatDaysFromToday("2026-12-31", "2026-12-10", "en-US")).toBe("in 3 weeks");
  });
});

describe("counts", () => {
  it("groups digits as the locale does", () => {
    expect(formatCount(41000, "en-US")).toBe("41,000");
    expect(plural(1, "task", "tasks", "en-US")).toBe("1 task");
    expect(plural(1000, "task", "tasks", "en-US")).toBe("1,000 tasks");
  });
});

describe("lengths of time", () => {
  it("reads in the largest unit that fits, to one decimal", () => {
    expect(formatDuration(30, "en-US")).toBe("1 minute");
    expect(formatDuration(45 * 60, "en-US")).toBe("45 minutes");
    expect(formatDuration(5 * 3600, "en-US")).toBe("5 hours");
    expect(formatDuration(3.5 * 24 * 3600, "en-US")).toBe("3.5 days");
    expect(formatDuration(10 * 24 * 3600, "en-US")).toBe("10 days");
    expect(formatDuration(35 * 24 * 3600, "en-US")).toBe("5 weeks");
  });

  it("writes it in the reader's language", () => {
    expect(formatDuration(3.5 * 24 * 3600, "de-DE")).toBe("3,5 Tage");
  });
});

describe("months", () => {
  it("names a month as the reader's language does", () => {
    expect(formatMonth("2026-11", "en-US")).toBe("Nov 2026");
    expect(formatMonth("2026-01", "de-DE")).toBe("Jan. 2026");
  });

  it("counts months back across a new year", () => {
    expect(monthsEndingWith("2026-02-14", 4)).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });
});
