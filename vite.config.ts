import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const server = "http://localhost:3000";
/** The chart library of the Overview page and its own dependencies. */
const CHARTS =
  "@mantine[\\\\/]charts|recharts|@reduxjs|immer|react-redux|reselect|victory-vendor|d3-|internmap|decimal\\.js-light|es-toolkit|eventemitter3|tiny-invariant";

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
            { name: "mantine", test: /node_modules[\\/]@(mantine[\\/](?!charts)|floating-ui[\\/])/ },
            { name: "react", test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            // The charts and what they use stay out: they load with the Overview page alone, not with every page.
            { name: "vendor", test: new RegExp(`node_modules[\\\\/](?!${CHARTS})`) },
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
