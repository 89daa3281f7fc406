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
    rolldownOptions: {
      output: {
        // Libraries change less often than our code: separate chunks stay cached across our releases.
        codeSplitting: {
          groups: [
            { name: "mantine", test: /node_modules[\\/]@(mantine|floating-ui)[\\/]/ },
            { name: "react", test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            { name: "vendor", test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      "/api": { target: server, changeOrigin: false },
      "/dev": { target: server, changeOrigin: false },
    },
  },
});
