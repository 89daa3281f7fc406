import type { HookHandler, HookName, Hooks } from "./tx.ts";

export function createHooks(): Hooks {
  const handlers = new Map<HookName, Array<HookHandler<HookName>>>();
  return {
    on(name, handler) {
      const list = handlers.get(name) ?? [];
      list.push(handler as HookHandler<HookName>);
      handlers.set(name, list);
    },
    async run(tx, name, payload) {
      for (const handler of handlers.get(name) ?? []) await handler(tx, payload);
    },
  };
}
