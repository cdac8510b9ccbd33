const ARROW_STEPS: ReadonlyMap<string, readonly [row: number, column: number]> = new Map([
  ['ArrowUp', [-1, 0]],
  ['ArrowDown', [1, 0]],
  ['ArrowLeft', [0, -1]],
  ['ArrowRight', [0, 1]],
]);

/** How far an arrow key moves the cursor over a grid of cells, in rows and columns; undefined for other keys. */
export function arrowKeyStep(key: string): readonly [row: number, column: number] | undefined {
  return ARROW_STEPS.get(key);
}
