import { Title, type TitleProps } from "@mantine/core";
import { type ReactNode, useEffect, useRef } from "react";
import { Outlet, useLocation, useMatches } from "react-router";

const PRODUCT = "Crewdesk";

/** "Tasks · Northwind — Crewdesk": the page first, then where it is, then the product. */
export function documentTitle(parts: readonly (string | null | undefined | false)[]): string {
  const named = parts.filter((p): p is string => typeof p === "string" && p.trim() !== "");
  return named.length ? `${named.join(" · ")} — ${PRODUCT}` : PRODUCT;
}

/** The titles asked for by what is shown now; an overlay's (a drawer's) wins over its page's. */
const titles = new Map<number, { title: string; overlay: boolean; since: number }>();
let nextTitleId = 0;

function showTitle(): void {
  let best: { title: string; overlay: boolean; since: number } | null = null;
  for (const entry of titles.values()) {
    if (
      !best ||
      (entry.overlay && !best.overlay) ||
      (entry.overlay === best.overlay && entry.since > best.since)
    )
      best = entry;
  }
  document.title = best?.title ?? PRODUCT;
}

/**
 * Names the browser tab after what it shows: `usePageTitle("Tasks", companyName)`. A drawer over a page
 * names the tab while it is open (`useOverlayTitle`), whatever order they mount in.
 */
export function usePageTitle(...parts: (string | null | undefined | false)[]): void {
  useTitle(documentTitle(parts), false);
}

export function useOverlayTitle(...parts: (string | null | undefined | false)[]): void {
  useTitle(documentTitle(parts), true);
}

function useTitle(title: string, overlay: boolean): void {
  const id = useRef(-1);
  if (id.current < 0) id.current = nextTitleId++;
  useEffect(() => {
    titles.set(id.current, { title, overlay, since: id.current });
    showTitle();
  }, [title, overlay]);
  useEffect(() => {
    const key = id.current;
    return () => {
      titles.delete(key);
      showTitle();
    };
  }, []);
}

/** Set on navigation: the next page heading to appear takes the focus. */
let headingFocusPending = false;
const HEADING = "[data-page-heading]";

function focusHeading(element: HTMLElement | null): boolean {
  if (!element) return false;
  element.focus({ preventScroll: false });
  headingFocusPending = false;
  return true;
}

/** Did the person use the page yet? Redirects while it loads must not move the focus. */
let interacted = false;
if (typeof window !== "undefined") {
  const mark = () => {
    interacted = true;
  };
  window.addEventListener("pointerdown", mark, { capture: true, once: true });
  window.addEventListener("keydown", mark, { capture: true, once: true });
}

/**
 * The root of every page. After a navigation the person made, the focus moves to the new page's heading,
 * so that a screen reader announces it and Tab continues from the top of the page. Opening or closing a
 * drawer with its own address (a task over the list, marked `handle: { overlay: true }`) is not a new page.
 */
export function NavigationFocus() {
  const matches = useMatches();
  const { pathname } = useLocation();
  const page =
    matches.filter((m) => !(m.handle as { overlay?: boolean } | undefined)?.overlay).at(-1)?.pathname ??
    pathname;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!interacted || !page) return;
    headingFocusPending = true;
    focusHeading(document.querySelector<HTMLElement>(HEADING));
  }, [page]);
  return <Outlet />;
}

/** The page's one h1. It takes the focus after a navigation (see NavigationFocus). */
export function PageHeading({ children, ...props }: { children: ReactNode } & Omit<TitleProps, "order">) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (headingFocusPending) focusHeading(ref.current);
  }, []);
  return (
    <Title order={1} ref={ref} tabIndex={-1} data-page-heading {...props}>
      {children}
    </Title>
  );
}
