// Runs `work` over `items` with at most `limit` calls in flight; results keep the input order and each item
// settles alone (one failing group must not hide the others).

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function mapLimit<I, O>(
  items: readonly I[],
  limit: number,
  work: (item: I) => Promise<O>,
  signal?: AbortSignal,
): Promise<Settled<O>[]> {
  const results: Settled<O>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      if (signal?.aborted) {
        results[index] = { ok: false, error: signal.reason ?? new Error('aborted') };
        continue;
      }
      try {
        results[index] = { ok: true, value: await work(items[index] as I) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
