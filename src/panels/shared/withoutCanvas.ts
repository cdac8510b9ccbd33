/**
 * jsdom has no canvas: its getContext logs "not implemented" and returns nothing. Make it return null
 * quietly, as a browser without canvas support does; the panels then skip drawing.
 */
export function withoutCanvas(): void {
  beforeEach(() => {
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
}
