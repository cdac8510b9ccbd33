import { RefObject, useLayoutEffect, useRef } from 'react';

/**
 * Sizes a canvas for the device pixel ratio and returns its 2D context, or null where there is none
 * (jsdom, or a browser out of canvas memory): callers then skip drawing instead of crashing.
 */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const ratio = typeof window !== 'undefined' && window.devicePixelRatio > 0 ? window.devicePixelRatio : 1;
  const pixelWidth = Math.max(1, Math.round(width * ratio));
  const pixelHeight = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== pixelWidth) {
    canvas.width = pixelWidth;
  }
  if (canvas.height !== pixelHeight) {
    canvas.height = pixelHeight;
  }
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  let context: CanvasRenderingContext2D | null = null;
  try {
    context = canvas.getContext('2d');
  } catch {
    // some browsers throw instead of returning null when canvas memory runs out
    context = null;
  }
  if (!context) {
    return null;
  }
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return context;
}

/**
 * A canvas repainted after every render, before the browser shows it, at the given CSS size; `paint` is
 * skipped where there is no 2D context. Returns the ref to put on the canvas element.
 */
export function usePaintedCanvas(
  width: number,
  height: number,
  paint: (context: CanvasRenderingContext2D) => void
): RefObject<HTMLCanvasElement> {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas && prepareCanvas(canvas, width, height);
    if (context) {
      paint(context);
    }
  });
  return canvasRef;
}
