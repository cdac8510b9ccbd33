/** Bad input to the drift engine: the message names what is wrong so a CLI or a panel can show it as is. */
export class DriftInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DriftInputError';
  }
}
