import { backoffDelayMs } from '#shared/dynamo/backoff';

const range = (retry: number) => {
  const delays = Array.from({ length: 500 }, () => backoffDelayMs(retry));
  return [Math.min(...delays), Math.max(...delays)];
};

describe('backoffDelayMs', () => {
  it('starts at 10 to 30 ms for the first retry', () => {
    const [low, high] = range(1);
    expect(low).toBeGreaterThanOrEqual(10);
    expect(high).toBeLessThan(30);
  });

  it('doubles its step with every retry', () => {
    const [low, high] = range(4);
    expect(low).toBeGreaterThanOrEqual(80);
    expect(high).toBeLessThan(240);
  });

  it('never waits more than 1.5 s, however many retries', () => {
    const [low, high] = range(40);
    expect(low).toBeGreaterThanOrEqual(500);
    expect(high).toBeLessThan(1500);
  });

  it('jitters, so that requests that collided do not retry in step', () => {
    expect(new Set(Array.from({ length: 20 }, () => backoffDelayMs(3))).size).toBeGreaterThan(1);
  });
});
