/**
 * Appending to a store list (`UpsellStore.listPush`).
 * @example { maxLength: 10_000, group: identityHash, groupLimit: 20 }
 */
export interface ListPushOptions {
  /**
   * The list's capacity: a push onto a full list is refused (returns `false`), except the first
   * value of a group that holds none (each group keeps one place, so no group can fill the list
   * for another).
   */
  maxLength: number;
  /**
   * Put the value back at the head (oldest end) of its group, and its group first in turn,
   * ignoring the limits: for an item taken with `listPop` that could not be handled after all.
   * @default false
   */
  front?: boolean;
  /**
   * Whose the value is (e.g. an identity's hash). `listPop` takes the groups in turn, the oldest
   * value of each, so one group's values never wait behind all of another's. A store may ignore
   * it and keep one plain list, oldest first.
   * @default '' (one group)
   */
  group?: string;
  /** The most values one group may hold; a push beyond is refused. @default no limit */
  groupLimit?: number;
}

/** The list operations of a store, for stores that implement them (the durable event queue). */
export interface StoreList {
  push(key: string, value: string, options: ListPushOptions): Promise<boolean>;
  pop(key: string): Promise<string | null>;
  length(key: string): Promise<number>;
}

/** One list: its groups in turn order, each group's values oldest first, and the total. */
interface GroupedList {
  turns: string[];
  groups: Map<string, string[]>;
  size: number;
}

/**
 * Lists in process memory, for one instance and the fallback of stores without list methods:
 * grouped, groups popped in turn (see {@link ListPushOptions}). Bounded by each push's
 * `maxLength` (and one value per group).
 *
 * @example
 * const lists = createMemoryLists();
 * await lists.push('queue', '{"type":"viewed"}', { maxLength: 1_000, group: 'a1b2' });
 */
export function createMemoryLists(): StoreList {
  const lists = new Map<string, GroupedList>();
  return {
    async push(key, value, options) {
      const list: GroupedList = lists.get(key) ?? { turns: [], groups: new Map(), size: 0 };
      const group = options.group ?? '';
      const own = list.groups.get(group) ?? [];
      if (options.front) {
        own.unshift(value);
        const turn = list.turns.indexOf(group);
        if (turn >= 0) list.turns.splice(turn, 1);
        list.turns.unshift(group);
      } else {
        if (own.length >= (options.groupLimit ?? Number.POSITIVE_INFINITY)) return false;
        if (own.length > 0 && list.size >= options.maxLength) return false;
        own.push(value);
        if (own.length === 1) list.turns.push(group);
      }
      list.groups.set(group, own);
      list.size++;
      lists.set(key, list);
      return true;
    },
    async pop(key) {
      const list = lists.get(key);
      const group = list?.turns.shift();
      if (!list || group === undefined) return null;
      const own = list.groups.get(group) ?? [];
      const value = own.shift();
      if (own.length > 0) list.turns.push(group);
      else list.groups.delete(group);
      list.size--;
      if (list.size <= 0) lists.delete(key);
      return value ?? null;
    },
    async length(key) {
      return lists.get(key)?.size ?? 0;
    },
  };
}
