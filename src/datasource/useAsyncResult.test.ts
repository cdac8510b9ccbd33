import { act, renderHook, waitFor } from '@testing-library/react';
import { useAsyncResult } from './useAsyncResult';

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('useAsyncResult', () => {
  it('keeps the answer of the latest load when an earlier one arrives late', async () => {
    const slow = deferred<string>();
    const fast = deferred<string>();
    const loadSlow = () => slow.promise;
    const loadFast = () => fast.promise;
    const { result, rerender } = renderHook(({ load }) => useAsyncResult(load), { initialProps: { load: loadSlow } });
    expect(result.current[0]).toEqual({ status: 'loading' });
    rerender({ load: loadFast });
    await act(async () => fast.resolve('new'));
    await act(async () => slow.resolve('old'));
    expect(result.current[0]).toEqual({ status: 'done', value: 'new' });
  });

  it('reports a failure as its message and loads again on reload', async () => {
    let attempt = 0;
    const load = () => (++attempt === 1 ? Promise.reject(new Error('offline')) : Promise.resolve(attempt));
    const { result } = renderHook(() => useAsyncResult(load));
    await waitFor(() => expect(result.current[0]).toEqual({ status: 'error', error: 'offline' }));
    act(() => result.current[1]());
    expect(result.current[0]).toEqual({ status: 'loading' });
    await waitFor(() => expect(result.current[0]).toEqual({ status: 'done', value: 2 }));
  });
});
