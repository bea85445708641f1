// OTLP/HTTP response bodies, in the request's encoding (the spec requires the same Content-Type):
//   success         Export<Signal>ServiceResponse with partial_success unset (empty message, `{}`);
//   partial success the same with partial_success { rejected_<items> = 1 (int64), error_message = 2 };
//   failure         google.rpc.Status { code = 1, message = 2 } (the spec leaves `code` optional: omitted).
import { WireWriter } from './protobuf/writer';
import { REJECTED_FIELD, type OtlpEncoding, type OtlpSignal } from './signals';

export interface PartialSuccess {
  rejected: number;
  message: string;
}

export function exportResponseBody(
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  partial?: PartialSuccess,
): Buffer {
  if (encoding === 'json') {
    if (partial === undefined) return Buffer.from('{}');
    const partialSuccess = {
      [REJECTED_FIELD[signal]]: String(partial.rejected),
      errorMessage: partial.message,
    };
    return Buffer.from(JSON.stringify({ partialSuccess }));
  }
  const writer = new WireWriter();
  if (partial !== undefined) {
    writer.messageField(1, (inner) => inner.uintField(1, partial.rejected).stringField(2, partial.message));
  }
  return writer.finish();
}

export function statusBody(encoding: OtlpEncoding, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ message }));
  return new WireWriter().stringField(2, message).finish();
}
