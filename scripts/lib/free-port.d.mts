/** A TCP port on 127.0.0.1 where nothing listens now. */
export function freePort(): Promise<number>;
