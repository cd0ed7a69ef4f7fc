import { ProgressReporter } from './export-builder';

function setup(total: number): {
  progress: ProgressReporter;
  clock: { now: number };
  written: number[];
  finish: () => void;
  fail: (error: Error) => void;
} {
  const clock = { now: 0 };
  const written: number[] = [];
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const progress = new ProgressReporter(
    total,
    (percent) => {
      written.push(percent);
      return new Promise<void>((ok, ko) => {
        resolve = ok;
        reject = ko;
      });
    },
    () => clock.now,
  );
  return { progress, clock, written, finish: () => resolve(), fail: (error) => reject(error) };
}

describe('ProgressReporter', () => {
  it('writes the percentage, one update at a time and at most every 250 ms', async () => {
    const { progress, clock, written, finish } = setup(1000);
    clock.now = 1000;
    progress.update(100);
    progress.update(200); // the first is still in flight
    expect(written).toEqual([10]);

    finish();
    await progress.settle();
    clock.now += 249;
    progress.update(300); // too soon
    expect(written).toEqual([10]);
    clock.now += 1;
    progress.update(300);
    expect(written).toEqual([10, 30]);
    finish();
    await progress.settle();
  });

  it('writes only when the percentage moved, and never 100 before the end', async () => {
    const { progress, clock, written, finish } = setup(1000);
    clock.now = 1000;
    progress.update(5); // 0 %
    expect(written).toEqual([]);
    progress.update(1000);
    expect(written).toEqual([99]);
    finish();
    await progress.settle();
    clock.now += 1000;
    progress.update(1000);
    expect(written).toEqual([99]);
  });

  it('writes nothing for an empty export', async () => {
    const { progress, clock, written } = setup(0);
    clock.now = 1000;
    progress.update(0);
    expect(written).toEqual([]);
    await expect(progress.settle()).resolves.toBeUndefined();
  });

  it('fails the export when an update failed: at the next update, and at settle', async () => {
    const { progress, clock, fail } = setup(100);
    clock.now = 1000;
    progress.update(50);
    fail(new Error('database gone'));
    await expect(progress.settle()).rejects.toThrow('database gone');
    expect(() => progress.update(60)).toThrow('database gone');
  });
});
