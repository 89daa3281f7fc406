import { createBrowserRouter, Navigate } from "react-router";
import { AccountPage } from "../account/AccountPage.tsx";
import { EmailChangeLinkPage } from "../account/EmailChangeLinkPage.tsx";
import { SettingsPage } from "../admin/SettingsPage.tsx";
import { AuditPage } from "../audit/AuditPage.tsx";
import { ForgotPasswordPage } from "../auth/ForgotPasswordPage.tsx";
import { SetPasswordPage } from "../auth/SetPasswordPage.tsx";
import { SignInPage } from "../auth/SignInPage.tsx";
import { SignUpPage } from "../auth/SignUpPage.tsx";
import { VerifyEmailPage } from "../auth/VerifyEmailPage.tsx";
import { ContractorsPage } from "../contractors/ContractorsPage.tsx";
import { InvitationPage } from "../contractors/InvitationPage.tsx";
import { CompanyDocumentsPage, MyDocumentsPage } from "../documents/DocumentsPage.tsx";
import { StatementsPage } from "../documents/StatementsPage.tsx";
import { ImportPage } from "../imports/ImportPage.tsx";
import { ImportPreview } from "../imports/ImportPreview.tsx";
import { BalancePage } from "../money/BalancePage.tsx";
import { EarningsPage } from "../money/EarningsPage.tsx";
import { FinancePage } from "../money/FinancePage.tsx";
import { PayoutBatchPage } from "../payouts/PayoutBatchPage.tsx";
import { PayoutsPage } from "../payouts/PayoutsPage.tsx";
import { AgreementPage } from "../profile/AgreementPage.tsx";
import { ProfilePage } from "../profile/ProfilePage.tsx";
import { ConsolePage } from "../support/ConsolePage.tsx";
import { SupportPage } from "../support/SupportPage.tsx";
import { MyTaskDetail, MyTasksPage } from "../tasks/MyTasksPage.tsx";
import { CompanyTaskDetail } from "../tasks/TaskDetail.tsx";
import { TasksPage } from "../tasks/TasksPage.tsx";
import { WebhooksPage } from "../webhooks/WebhooksPage.tsx";
import { AppLayout } from "./AppLayout.tsx";
import { CompanyScope } from "./CompanyScope.tsx";
import { GuestOnly, HomeRedirect, RequireAgent, RequireFinance, RequireSignedIn } from "./guards.tsx";
import { NotFoundPage } from "./NotFoundPage.tsx";
import { RootLayout } from "./RootLayout.tsx";
import { RouteErrorPage } from "./RouteErrorPage.tsx";

/** Created after main.tsx took any link token out of the address, so the router never sees it. */
export function createAppRouter() {
  return createBrowserRouter([
    {
      element: <RootLayout />,
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
        { path: "confirm-email-change", element: <EmailChangeLinkPage kind="confirm" /> },
        { path: "cancel-email-change", element: <EmailChangeLinkPage kind="cancel" /> },
        // Where reply emails lead: the support chat on a page of its own.
        { path: "support", element: <SupportPage /> },
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
                    { index: true, element: <Navigate to="overview" replace /> },
                    // Its charts are a library of their own: loaded with this page only.
                    {
                      path: "overview",
                      lazy: async () => ({
                        Component: (await import("../overview/OverviewPage.tsx")).OverviewPage,
                      }),
                    },
                    { path: "contractors", element: <ContractorsPage /> },
                    {
                      path: "tasks",
                      element: <TasksPage />,
                      // A task opens in a drawer over the list, with its own address.
                      children: [
                        { path: ":taskId", element: <CompanyTaskDetail />, handle: { overlay: true } },
                      ],
                    },
                    { path: "tasks/import", element: <ImportPage /> },
                    { path: "tasks/import/:importId", element: <ImportPreview /> },
                    { path: "balance", element: <BalancePage /> },
                    { path: "settings", element: <SettingsPage /> },
                    { path: "documents", element: <CompanyDocumentsPage /> },
                    { path: "audit", element: <AuditPage /> },
                    { path: "webhooks", element: <WebhooksPage /> },
                  ],
                },
                { path: "my/earnings", element: <EarningsPage /> },
                { path: "my/documents", element: <MyDocumentsPage /> },
                {
                  path: "finance",
                  element: <RequireFinance />,
                  children: [
                    { index: true, element: <FinancePage /> },
                    { path: "statements", element: <StatementsPage /> },
                    { path: "payouts", element: <PayoutsPage /> },
                    { path: "payouts/:id", element: <PayoutBatchPage /> },
                  ],
                },
                {
                  path: "my/tasks",
                  element: <MyTasksPage />,
                  children: [{ path: ":taskId", element: <MyTaskDetail />, handle: { overlay: true } }],
                },
                { path: "profile", element: <ProfilePage /> },
                {
                  path: "console",
                  element: <RequireAgent />,
                  children: [
                    { index: true, element: <ConsolePage /> },
                    { path: ":conversationId", element: <ConsolePage /> },
                  ],
                },
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
