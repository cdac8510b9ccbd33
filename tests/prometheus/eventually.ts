/**
 * Scrapes on a loaded machine arrive later than their interval, so a live test waits for the state it expects,
 * bounded, and then asserts on what it last read: a fixed sleep either wastes time or, on a slow run, reads a
 * window that does not hold the traffic yet.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads until `accept` holds or `timeoutMs` has passed; gives the last reading either way. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number,
  pauseMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await sleep(pauseMs);
    value = await read();
  }
  return value;
}
