import { Navigate, Outlet, useLocation, useSearchParams } from "react-router";
import { homePath, useMe } from "../api/me.ts";
import { safeNextPath, signInPathFor } from "../auth/next-path.ts";
import { ErrorState, FullPageLoader } from "../ui/states.tsx";
import { lastCompanyId } from "./last-company.ts";
import { NotFoundPage } from "./NotFoundPage.tsx";
import { SignedInUser } from "./session.ts";

/** App pages: signed-out visitors go to the sign-in page, and come back here afterwards. */
export function RequireSignedIn() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageLoader />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to={signInPathFor(location.pathname + location.search)} replace />;
  return (
    <SignedInUser.Provider value={me.data}>
      <Outlet />
    </SignedInUser.Provider>
  );
}

/** Sign-in, sign-up, forgot password: a signed-in user has nothing to do there and goes home. */
export function GuestOnly() {
  const me = useMe();
  const [params] = useSearchParams();
  if (me.isPending) return <FullPageLoader />;
  // If /api/me fails, the sign-in form is still the most useful thing to show.
  if (me.data) return <Navigate to={safeNextPath(params.get("next")) ?? "/"} replace />;
  return <Outlet />;
}

/**
 * `/`: a company's Overview, a contractor's My tasks, or the sign-in page. Keyed by the navigation: a second
 * navigation to `/` while the first one's page is still loading (signing in sends one from the form and one
 * from GuestOnly) redirects again instead of leaving an empty page.
 */
export function HomeRedirect() {
  const me = useMe();
  const { key } = useLocation();
  if (me.isPending) return <FullPageLoader />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate key={key} to="/sign-in" replace />;
  return <Navigate key={key} to={homePath(me.data, lastCompanyId())} replace />;
}

/** The support console: support agents only; anyone else finds nothing there. */
/** Finance staff only (platform role `finance`); anyone else finds no such page. */
export function RequireFinance() {
  const me = useMe();
  if (me.data?.user.platformRole !== "finance") return <NotFoundPage />;
  return <Outlet />;
}

export function RequireAgent() {
  const me = useMe();
  if (me.data?.user.platformRole !== "support") return <NotFoundPage />;
  return <Outlet />;
}
