import type { ActivityEntry } from '../shared/demo-api';

/** What the server reported through `onEvent`, newest last, bounded. */
export class ActivityLog {
  readonly #entries: ActivityEntry[] = [];
  #seq = 0;

  constructor(private readonly limit = 200) {}

  add(entry: Omit<ActivityEntry, 'id' | 'at'> & { at?: number }): void {
    this.#entries.push({ ...entry, id: `log_${++this.#seq}`, at: entry.at ?? Date.now() });
    if (this.#entries.length > this.limit)
      this.#entries.splice(0, this.#entries.length - this.limit);
  }

  list(kind: ActivityEntry['kind']): ActivityEntry[] {
    return this.#entries.filter((entry) => entry.kind === kind);
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
