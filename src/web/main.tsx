import "@mantine/core/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/notifications/styles.css";
import "./app/app.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { Providers } from "./app/Providers.tsx";
import { createQueryClient } from "./app/query-client.ts";
import { createAppRouter } from "./app/router.tsx";
import { captureLinkToken } from "./auth/link-token.ts";

// Before the router reads the address: a link's token leaves the address bar at once.
captureLinkToken();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// Called only once the app runs, after `router` below exists.
const queryClient = createQueryClient((to) => void router.navigate(to, { replace: true }));
const router = createAppRouter();

createRoot(root).render(
  <StrictMode>
    <Providers queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);
