/**
 * Errors that carry what the caller must be told: an HTTP-like status and, for queries, who is at fault
 * (`plugin`, including bad input, or `downstream` for Prometheus/Elasticsearch), which Grafana uses to
 * classify failures.
 */
export type ErrorSource = 'plugin' | 'downstream';

export class BackendError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly source: ErrorSource = 'plugin',
    /** Individual reasons (validation errors, line/column errors) shown to the user as a list. */
    readonly details: string[] = []
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details: string[] = []) => new BackendError(400, message, 'plugin', details);

export const notFound = (message: string) => new BackendError(404, message);

export const downstreamError = (message: string, status = 502) => new BackendError(status, message, 'downstream');
