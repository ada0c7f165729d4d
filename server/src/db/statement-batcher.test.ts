import { retryingDeadlocksAlone, StatementBatcher } from './statement-batcher.js';

/** A batcher over a hand-released run that records the batches it was given. */
function batcher(limits = { maxItems: 3, maxInFlight: 1 }) {
  const batches: number[][] = [];
  const releases: Array<() => void> = [];
  const statements = new StatementBatcher<number, string>(async (items) => {
    batches.push(items);
    await new Promise<void>((release) => releases.push(release));
    return items.map((item) => (item < 0 ? new Error(`refused ${item}`) : `done ${item}`));
  }, limits);
  const releaseNext = async () => {
    while (releases.length === 0) await new Promise((resolve) => setImmediate(resolve));
    releases.shift()!();
  };
  return { statements, batches, releaseNext };
}

describe('StatementBatcher', () => {
  it('sends what was submitted together as one batch, and what waits as the next', async () => {
    const { statements, batches, releaseNext } = batcher();
    const first = [1, 2].map((item) => statements.submit(item));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [3, 4, 5, 6].map((item) => statements.submit(item));
    await releaseNext();
    await releaseNext();
    await releaseNext();
    expect(await Promise.all([...first, ...later])).toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5', 'done 6']);
    expect(batches).toEqual([[1, 2], [3, 4, 5], [6]]);
  });

  it('fails only the item the run refused', async () => {
    const { statements, releaseNext } = batcher();
    const outcomes = [1, -2, 3].map((item) => statements.submit(item).catch((error: Error) => error.message));
    await releaseNext();
    expect(await Promise.all(outcomes)).toEqual(['done 1', 'refused -2', 'done 3']);
  });

  it('fails every item of a batch whose run threw', async () => {
    const statements = new StatementBatcher<number, string>(async () => {
      throw new Error('connection lost');
    }, { maxItems: 10, maxInFlight: 2 });
    const outcomes = [1, 2].map((item) => statements.submit(item).catch((error: Error) => error.message));
    expect(await Promise.all(outcomes)).toEqual(['connection lost', 'connection lost']);
  });

  it('runs up to maxInFlight batches at once and is idle once all are answered', async () => {
    const { statements, batches, releaseNext } = batcher({ maxItems: 1, maxInFlight: 2 });
    const outcomes = [1, 2, 3].map((item) => statements.submit(item));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1], [2]]);
    let idle = false;
    const whenIdle = statements.idle().then(() => (idle = true));
    await releaseNext();
    await releaseNext();
    await releaseNext();
    await Promise.all([...outcomes, whenIdle]);
    expect(idle).toBe(true);
    expect(batches).toEqual([[1], [2], [3]]);
  });
});

describe('retryingDeadlocksAlone', () => {
  const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

  it('runs an item a deadlock refused again on its own, and only that one', async () => {
    const calls: number[][] = [];
    let deadlocks = 1;
    const run = retryingDeadlocksAlone(async (items: number[]) => {
      calls.push(items);
      return items.map((item) => (item === 2 && deadlocks-- > 0 ? deadlock() : `done ${item}`));
    });
    expect(await run([1, 2, 3])).toEqual(['done 1', 'done 2', 'done 3']);
    expect(calls).toEqual([[1, 2, 3], [2]]);
  });

  it('runs every item again on its own when a deadlock failed the batch, and keeps other refusals', async () => {
    const calls: number[][] = [];
    const run = retryingDeadlocksAlone(async (items: number[]) => {
      calls.push(items);
      if (items.length > 1) throw deadlock();
      return items.map((item) => (item < 0 ? new Error(`refused ${item}`) : `done ${item}`));
    });
    const outcomes = await run([1, -2]);
    expect(outcomes[0]).toBe('done 1');
    expect((outcomes[1] as Error).message).toBe('refused -2');
    expect(calls).toEqual([[1, -2], [1], [-2]]);
  });

  it('lets any other failure of the batch through', async () => {
    const run = retryingDeadlocksAlone(async () => {
      throw new Error('connection lost');
    });
    await expect(run([1, 2])).rejects.toThrow('connection lost');
  });
});
