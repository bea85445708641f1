// Decoders for the messages every OTLP signal shares: AnyValue, KeyValue, Resource, InstrumentationScope.
// Field numbers are those of opentelemetry/proto/common/v1/common.proto and resource/v1/resource.proto.
import { OtlpDecodeError } from '../errors';
import { MAX_VALUE_DEPTH } from '../convert/limits';
import type { AttributeValue, Attributes, InstrumentationScope } from '../model';
import { WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT, WireReader } from './reader';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/** int64 as a number when exact, else as decimal text. */
function int64Value(unsigned: bigint): number | string {
  const signed = BigInt.asIntN(64, unsigned);
  return signed <= MAX_SAFE && signed >= MIN_SAFE ? Number(signed) : signed.toString();
}

export function decodeAnyValue(reader: WireReader, depth = 0): AttributeValue {
  if (depth > MAX_VALUE_DEPTH) throw new OtlpDecodeError('attribute values nested too deeply');
  let value: AttributeValue = null;
  while (!reader.done) {
    const field = reader.nextField();
    switch (field) {
      case 1: // string_value
        reader.expect(WIRE_LENGTH_DELIMITED, 'AnyValue.string_value');
        value = reader.string();
        break;
      case 2: // bool_value
        reader.expect(WIRE_VARINT, 'AnyValue.bool_value');
        value = reader.varint() !== 0;
        break;
      case 3: // int_value
        reader.expect(WIRE_VARINT, 'AnyValue.int_value');
        value = int64Value(reader.varintBig());
        break;
      case 4: // double_value
        reader.expect(WIRE_FIXED64, 'AnyValue.double_value');
        value = reader.double();
        break;
      case 5: {
        // array_value: ArrayValue { repeated AnyValue values = 1 }
        reader.expect(WIRE_LENGTH_DELIMITED, 'AnyValue.array_value');
        const array = reader.message();
        const items: AttributeValue[] = [];
        while (!array.done) {
          if (array.nextField() === 1) {
            array.expect(WIRE_LENGTH_DELIMITED, 'ArrayValue.values');
            items.push(decodeAnyValue(array.message(), depth + 1));
          } else array.skip();
        }
        value = items;
        break;
      }
      case 6: {
        // kvlist_value: KeyValueList { repeated KeyValue values = 1 }
        reader.expect(WIRE_LENGTH_DELIMITED, 'AnyValue.kvlist_value');
        const list = reader.message();
        const map: Attributes = {};
        while (!list.done) {
          if (list.nextField() === 1) {
            list.expect(WIRE_LENGTH_DELIMITED, 'KeyValueList.values');
            decodeKeyValue(list.message(), map, depth + 1);
          } else list.skip();
        }
        value = map;
        break;
      }
      case 7: // bytes_value
        reader.expect(WIRE_LENGTH_DELIMITED, 'AnyValue.bytes_value');
        value = reader.bytes().toString('base64');
        break;
      default:
        reader.skip();
    }
  }
  return value;
}

/** KeyValue { string key = 1; AnyValue value = 2 }, added to `into`. */
export function decodeKeyValue(reader: WireReader, into: Attributes, depth = 0): void {
  let key = '';
  let value: AttributeValue = null;
  while (!reader.done) {
    const field = reader.nextField();
    if (field === 1) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'KeyValue.key');
      key = reader.string();
    } else if (field === 2) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'KeyValue.value');
      value = decodeAnyValue(reader.message(), depth);
    } else reader.skip();
  }
  into[key] = value;
}

/** Resource { repeated KeyValue attributes = 1 } → its attributes. */
export function decodeResource(reader: WireReader): Attributes {
  const attributes: Attributes = {};
  while (!reader.done) {
    if (reader.nextField() === 1) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'Resource.attributes');
      decodeKeyValue(reader.message(), attributes);
    } else reader.skip();
  }
  return attributes;
}

/** InstrumentationScope { string name = 1; string version = 2; … }. */
export function decodeScope(reader: WireReader): InstrumentationScope {
  const scope: InstrumentationScope = { name: '' };
  while (!reader.done) {
    const field = reader.nextField();
    if (field === 1) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'InstrumentationScope.name');
      scope.name = reader.string();
    } else if (field === 2) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'InstrumentationScope.version');
      const version = reader.string();
      if (version !== '') scope.version = version;
    } else reader.skip();
  }
  return scope;
}
