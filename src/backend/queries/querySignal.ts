/**
 * A query's abort signal is listened on by every upstream request of the query, and a segmented query read
 * segment by segment (a raw PromQL binding: up to 51 segments, several reads each) has hundreds in flight at once.
 * Node's default warning at 11 listeners would only put a false "possible memory leak" into Grafana's log.
 */
import { setMaxListeners } from 'node:events';

/** Requests of one query in flight at once, with room: segments × reads per segment × retries' timers. */
const MAX_LISTENERS_PER_QUERY = 1000;

/** `signal`, ready for a query's requests to listen on. */
export function forQueryRequests(signal: AbortSignal): AbortSignal {
  setMaxListeners(MAX_LISTENERS_PER_QUERY, signal);
  return signal;
}
