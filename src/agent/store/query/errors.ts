// A query the caller got wrong (bad cursor, bad filter, step out of range): the API answers 400 with it.
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}
