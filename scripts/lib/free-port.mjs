// The one free-port finder of `npm test`, the benches, the fault suite and the tests' helpers.
import net from "node:net";

/**
 * A TCP port on 127.0.0.1 where nothing listens now: free for a server to take, or (never taken) what a
 * server that is down looks like.
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
