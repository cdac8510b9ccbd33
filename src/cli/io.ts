/** The streams a command writes to; tests pass in-memory fakes, the real CLI passes process.stdout/stderr. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Clock for the baseline's createdAt (tests fix it). */
  now?: () => Date;
}
