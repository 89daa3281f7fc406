import { createBrowserRouter, Navigate } from "react-router";
import { AccountPage } from "../account/AccountPage.tsx";
import { ForgotPasswordPage } from "../auth/ForgotPasswordPage.tsx";
import { SetPasswordPage } from "../auth/SetPasswordPage.tsx";
import { SignInPage } from "../auth/SignInPage.tsx";
import { SignUpPage } from "../auth/SignUpPage.tsx";
import { VerifyEmailPage } from "../auth/VerifyEmailPage.tsx";
import { ContractorsPage } from "../contractors/ContractorsPage.tsx";
import { InvitationPage } from "../contractors/InvitationPage.tsx";
import { AgreementPage } from "../profile/AgreementPage.tsx";
import { ProfilePage } from "../profile/ProfilePage.tsx";
import { MyTaskDetail, MyTasksPage } from "../tasks/MyTasksPage.tsx";
import { CompanyTaskDetail } from "../tasks/TaskDetail.tsx";
import { TasksPage } from "../tasks/TasksPage.tsx";
import { NavigationFocus } from "../ui/page.tsx";
import { AppLayout } from "./AppLayout.tsx";
import { CompanyScope } from "./CompanyScope.tsx";
import { GuestOnly, HomeRedirect, RequireSignedIn } from "./guards.tsx";
import { NotFoundPage } from "./NotFoundPage.tsx";
import { RouteErrorPage } from "./RouteErrorPage.tsx";

/** Created after main.tsx took any link token out of the address, so the router never sees it. */
export function createAppRouter() {
  return createBrowserRouter([
    {
      // After each navigation the new page's heading takes the focus.
      element: <NavigationFocus />,
      errorElement: <RouteErrorPage />,
      children: [
        { index: true, element: <HomeRedirect /> },
        {
          element: <GuestOnly />,
          children: [
            { path: "sign-in", element: <SignInPage /> },
            { path: "sign-up", element: <SignUpPage /> },
            { path: "forgot-password", element: <ForgotPasswordPage /> },
          ],
        },
        // Emailed links: open whether signed in or not; each page reads its token, its form uses it.
        { path: "set-password", element: <SetPasswordPage /> },
        { path: "verify-email", element: <VerifyEmailPage /> },
        { path: "invitation", element: <InvitationPage /> },
        // Readable before it is accepted, signed in or not.
        { path: "agreement", element: <AgreementPage /> },
        {
          element: <RequireSignedIn />,
          children: [
            {
              element: <AppLayout />,
              children: [
                {
                  path: "companies/:cid",
                  element: <CompanyScope />,
                  children: [
                    { index: true, element: <Navigate to="contractors" replace /> },
                    { path: "contractors", element: <ContractorsPage /> },
                    {
                      path: "tasks",
                      element: <TasksPage />,
                      // A task opens in a drawer over the list, with its own address.
                      children: [
                        { path: ":taskId", element: <CompanyTaskDetail />, handle: { overlay: true } },
                      ],
                    },
                  ],
                },
                {
                  path: "my/tasks",
                  element: <MyTasksPage />,
                  children: [{ path: ":taskId", element: <MyTaskDetail />, handle: { overlay: true } }],
                },
                { path: "profile", element: <ProfilePage /> },
                { path: "account", element: <AccountPage /> },
                { path: "*", element: <NotFoundPage /> },
              ],
            },
          ],
        },
      ],
    },
  ]);
}
