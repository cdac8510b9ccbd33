import { render } from '@testing-library/react';

import { prepareCanvas, usePaintedCanvas } from './canvas';

/** Stand-in for a 2D context (jsdom has none), recording the calls that size it. */
function fakeContext() {
  const calls: Array<[string, ...number[]]> = [];
  const context = {
    setTransform: (...args: number[]) => calls.push(['setTransform', ...args]),
    clearRect: (...args: number[]) => calls.push(['clearRect', ...args]),
  };
  return { calls, context: context as unknown as CanvasRenderingContext2D };
}

describe('canvas set-up', () => {
  const originalRatio = window.devicePixelRatio;
  afterEach(() => {
    jest.restoreAllMocks();
    Object.defineProperty(window, 'devicePixelRatio', { value: originalRatio, configurable: true });
  });

  it('sizes the backing store for the device pixel ratio and draws in CSS pixels', () => {
    Object.defineProperty(window, 'devicePixelRatio', { value: 2, configurable: true });
    const { calls, context } = fakeContext();
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(context);
    const canvas = document.createElement('canvas');
    expect(prepareCanvas(canvas, 150.4, 20)).toBe(context);
    expect([canvas.width, canvas.height]).toEqual([301, 40]);
    expect([canvas.style.width, canvas.style.height]).toEqual(['150.4px', '20px']);
    expect(calls).toEqual([
      ['setTransform', 2, 0, 0, 2, 0, 0],
      ['clearRect', 0, 0, 150.4, 20],
    ]);
  });

  it('answers null, without throwing, where there is no context or getting one throws', () => {
    const canvas = document.createElement('canvas');
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValueOnce(null);
    expect(prepareCanvas(canvas, 10, 10)).toBeNull();
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementationOnce(() => {
      throw new Error('out of canvas memory');
    });
    expect(prepareCanvas(canvas, 10, 10)).toBeNull();
  });

  function Painted({ width, paint }: { width: number; paint: (context: CanvasRenderingContext2D) => void }) {
    const ref = usePaintedCanvas(width, 30, paint);
    return <canvas ref={ref} data-testid="painted" />;
  }

  it('repaints the canvas after every render, at its current size', () => {
    const { context } = fakeContext();
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(context);
    const paint = jest.fn();
    const { rerender, getByTestId } = render(<Painted width={40} paint={paint} />);
    expect(paint).toHaveBeenCalledTimes(1);
    expect(paint).toHaveBeenCalledWith(context);
    rerender(<Painted width={60} paint={paint} />);
    expect(paint).toHaveBeenCalledTimes(2);
    expect((getByTestId('painted') as HTMLCanvasElement).style.width).toBe('60px');
  });

  it('skips painting without a context', () => {
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    const paint = jest.fn();
    render(<Painted width={40} paint={paint} />);
    expect(paint).not.toHaveBeenCalled();
  });
});
