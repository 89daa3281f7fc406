// A TCP port on 127.0.0.1 where nothing listens now: free for a server to take, or (never taken) what a
// mail server that is down looks like. One implementation, shared with `npm test` and the benches.
export { freePort } from "../../scripts/lib/free-port.mjs";
