/**
 * A stand-in for CanvasRenderingContext2D, named as such: jsdom has no canvas, so the drawing functions are
 * unit-tested against this recorder (the browser test checks real pixels). It records the calls that say
 * what was drawn and accepts the others.
 */
export interface RecordedText {
  text: string;
  x: number;
  y: number;
  fillStyle: string;
}

export class RecordingContext {
  fillStyle = '';
  strokeStyle = '';
  lineWidth = 1;
  font = '';
  textAlign = 'left';
  textBaseline = 'alphabetic';
  readonly rects: Array<{ x: number; y: number; width: number; height: number; fillStyle: string }> = [];
  readonly texts: RecordedText[] = [];

  fillRect(x: number, y: number, width: number, height: number): void {
    this.rects.push({ x, y, width, height, fillStyle: this.fillStyle });
  }
  fillText(text: string, x: number, y: number): void {
    this.texts.push({ text, x, y, fillStyle: this.fillStyle });
  }
  strokeRect(): void {}
  save(): void {}
  restore(): void {}
  rotate(): void {}

  asContext(): CanvasRenderingContext2D {
    return this as unknown as CanvasRenderingContext2D;
  }
}
