import { arrowKeyStep } from './keyboard';

describe('arrow keys', () => {
  it('step one row or one column', () => {
    expect(arrowKeyStep('ArrowUp')).toEqual([-1, 0]);
    expect(arrowKeyStep('ArrowDown')).toEqual([1, 0]);
    expect(arrowKeyStep('ArrowLeft')).toEqual([0, -1]);
    expect(arrowKeyStep('ArrowRight')).toEqual([0, 1]);
  });

  it('leave other keys alone, including names every object has', () => {
    expect(arrowKeyStep('Enter')).toBeUndefined();
    expect(arrowKeyStep('constructor')).toBeUndefined();
  });
});
