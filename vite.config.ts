import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const server = "http://localhost:3000";

// The web app is built into dist/web, which the Fastify server serves with an index.html fallback.
// In `vite dev`, API calls and the dev mailbox go to the app server.
export default defineConfig({
  root: ".",
  plugins: [react()],
  build: {
    outDir: "dist/web",
    emptyOutDir: true,
  },
  server: {
    proxy: {
      "/api": { target: server, changeOrigin: false },
      "/dev": { target: server, changeOrigin: false },
    },
  },
});
