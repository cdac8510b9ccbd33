/** How a long read reports its progress (the CLI draws it on a terminal; the backend reports none). */
export interface Progress {
  start(label: string, totalBytes: number): void;
  advance(bytes: number): void;
  done(): void;
}
