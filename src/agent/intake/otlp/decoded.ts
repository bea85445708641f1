// What decoding one request yields: the records kept, and how many were rejected and why (partial success).

export interface Decoded<T> {
  records: T[];
  /** Records present in the request but not kept (invalid ids, …). */
  rejected: number;
  /** The first reason a record was rejected, for the partial-success message. */
  rejectReason?: string;
}

export interface DecodedMetrics {
  /** Data points in the request (gauge, sum, histogram, exponential histogram and summary points). */
  dataPoints: number;
}

export function rejectInto<T>(decoded: Decoded<T>, reason: string): void {
  decoded.rejected += 1;
  decoded.rejectReason ??= reason;
}
