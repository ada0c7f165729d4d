/**
 * Runs the items many callers submit at about the same time as one statement (group commit):
 * one round trip, one transaction and one WAL flush for a batch instead of one per item. While
 * `maxInFlight` batches are running, items wait and leave together with the next batch, so a
 * batch grows with the load and a lone item waits for nothing but the end of the event loop's
 * turn it was submitted in (items submitted in that turn leave together).
 *
 * `run` answers each item of a batch in order, an `Error` for an item it refused; if `run`
 * throws, every item of the batch fails with that error.
 */
export class StatementBatcher<Item, Outcome> {
  private readonly waiting: Array<Waiting<Item, Outcome>> = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly whenIdle: Array<() => void> = [];

  constructor(
    private readonly run: (items: Item[]) => Promise<Array<Outcome | Error>>,
    private readonly limits: { maxItems: number; maxInFlight: number },
  ) {}

  submit(item: Item): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.dispatch();
      });
    });
  }

  /** Resolves once no item is waiting or running (for a clean shutdown). */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.whenIdle.push(resolve));
  }

  private dispatch(): void {
    while (this.inFlight < this.limits.maxInFlight && this.waiting.length > 0) {
      this.inFlight += 1;
      void this.runBatch(this.waiting.splice(0, this.limits.maxItems));
    }
    if (this.inFlight === 0 && this.waiting.length === 0) this.whenIdle.splice(0).forEach((resolve) => resolve());
  }

  private async runBatch(batch: Array<Waiting<Item, Outcome>>): Promise<void> {
    try {
      const outcomes = await this.run(batch.map((waiting) => waiting.item));
      if (outcomes.length !== batch.length) throw new Error(`a batch of ${batch.length} was answered with ${outcomes.length} outcomes`);
      batch.forEach((waiting, index) => {
        const outcome = outcomes[index];
        if (outcome instanceof Error) waiting.reject(outcome);
        else waiting.resolve(outcome);
      });
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      this.inFlight -= 1;
      this.dispatch();
    }
  }
}

/**
 * `run`, with each item PostgreSQL refused for a deadlock (or all of them, when the deadlock
 * failed the whole batch) run again once on its own, where it waits for no other item's locks.
 */
export function retryingDeadlocksAlone<Item, Outcome>(run: (items: Item[]) => Promise<Array<Outcome | Error>>) {
  return async (items: Item[]): Promise<Array<Outcome | Error>> => {
    const outcomes = await run(items).catch((error: unknown) => {
      if (!isDeadlock(error) || items.length === 1) throw error;
      return items.map(() => error as Error);
    });
    return Promise.all(
      outcomes.map((outcome, index) => (isDeadlock(outcome) ? run([items[index]]).then(([alone]) => alone, (error: Error) => error) : outcome)),
    );
  };
}

function isDeadlock(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '40P01';
}

interface Waiting<Item, Outcome> {
  item: Item;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}
