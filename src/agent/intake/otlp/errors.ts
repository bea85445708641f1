// A request body the receiver cannot read. Always answered with 400 Bad Request (never retried by clients).
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}
