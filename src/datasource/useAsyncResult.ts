import { useCallback, useEffect, useState, type DependencyList } from 'react';

export type AsyncResult<T> =
  | { status: 'loading' }
  | { status: 'error'; error: string }
  | { status: 'done'; value: T };

/**
 * Runs `load` when its dependencies change (and on `reload`), keeping only the answer of the latest run so a
 * slow earlier request never overwrites a newer one.
 */
export function useAsyncResult<T>(load: () => Promise<T>, deps: DependencyList): [AsyncResult<T>, () => void] {
  const [result, setResult] = useState<AsyncResult<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);

  useEffect(() => {
    let current = true;
    setResult({ status: 'loading' });
    run().then(
      (value) => current && setResult({ status: 'done', value }),
      (error: unknown) => current && setResult({ status: 'error', error: error instanceof Error ? error.message : String(error) })
    );
    return () => {
      current = false;
    };
  }, [run, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [result, reload];
}
