/**
 * Appending to a store list (`UpsellStore.listPush`).
 * @example { maxLength: 10_000 }
 */
export interface ListPushOptions {
  /** The list's capacity: a push onto a full list is refused (returns `false`). */
  maxLength: number;
  /**
   * Put the value back at the head (oldest end) instead of the tail, ignoring `maxLength`: for
   * an item taken with `listPop` that could not be handled after all.
   * @default false
   */
  front?: boolean;
}

/** The list operations of a store, for stores that implement them (the durable event queue). */
export interface StoreList {
  push(key: string, value: string, options: ListPushOptions): Promise<boolean>;
  pop(key: string): Promise<string | null>;
  length(key: string): Promise<number>;
}

/**
 * Lists in process memory, for one instance and the fallback of stores without list methods.
 * Bounded by each push's `maxLength`.
 *
 * @example
 * const lists = createMemoryLists();
 * await lists.push('queue', '{"type":"viewed"}', { maxLength: 1_000 });
 */
export function createMemoryLists(): StoreList {
  const lists = new Map<string, string[]>();
  return {
    async push(key, value, options) {
      const list = lists.get(key) ?? [];
      if (options.front) list.unshift(value);
      else if (list.length >= options.maxLength) return false;
      else list.push(value);
      lists.set(key, list);
      return true;
    },
    async pop(key) {
      const list = lists.get(key);
      const value = list?.shift();
      if (list && list.length === 0) lists.delete(key);
      return value ?? null;
    },
    async length(key) {
      return lists.get(key)?.length ?? 0;
    },
  };
}
