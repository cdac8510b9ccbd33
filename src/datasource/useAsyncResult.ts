import { useCallback, useEffect, useState } from 'react';

export type AsyncResult<T> = { status: 'loading' } | { status: 'error'; error: string } | { status: 'done'; value: T };

const LOADING = { status: 'loading' } as const;

interface Settled<T> {
  load: () => Promise<T>;
  generation: number;
  result: AsyncResult<T>;
}

/**
 * Runs `load` (memoise it with useCallback) whenever it changes and on `reload`. An answer counts only for the
 * load and generation that asked for it, so a slow earlier request never overwrites a newer one, and the state
 * is "loading" until the current request settles.
 */
export function useAsyncResult<T>(load: () => Promise<T>): [AsyncResult<T>, () => void] {
  const [generation, setGeneration] = useState(0);
  const [settled, setSettled] = useState<Settled<T>>();

  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setSettled({ load, generation, result: { status: 'done', value } }),
      (error: unknown) =>
        current &&
        setSettled({
          load,
          generation,
          result: { status: 'error', error: error instanceof Error ? error.message : String(error) },
        })
    );
    return () => {
      current = false;
    };
  }, [load, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const result = settled && settled.load === load && settled.generation === generation ? settled.result : LOADING;
  return [result, reload];
}
