// Datagrams travel from the reader thread to the main thread packed into one transferable buffer: each as
// its length (uint32, little-endian) followed by its bytes. One buffer per batch instead of one message per
// datagram keeps the cost of crossing threads per batch.

const LENGTH_BYTES = 4;

/** Bytes a batch of these datagrams takes. */
export function packedSize(totalPacketBytes: number, packetCount: number): number {
  return totalPacketBytes + packetCount * LENGTH_BYTES;
}

/** Packs the datagrams into a new ArrayBuffer of exactly their packed size. */
export function packPackets(packets: readonly Uint8Array[], totalPacketBytes: number): ArrayBuffer {
  const buffer = new ArrayBuffer(packedSize(totalPacketBytes, packets.length));
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  let offset = 0;
  for (const packet of packets) {
    view.setUint32(offset, packet.byteLength, true);
    offset += LENGTH_BYTES;
    bytes.set(packet, offset);
    offset += packet.byteLength;
  }
  return buffer;
}

/**
 * Calls `each` with a Buffer view of every datagram in a packed batch, in order. Stops at the first length
 * that runs past the end (a bug, never expected) and returns how many datagrams it handed out.
 */
export function forEachPacket(buffer: ArrayBuffer, each: (packet: Buffer) => void): number {
  const view = new DataView(buffer);
  let offset = 0;
  let count = 0;
  while (offset + LENGTH_BYTES <= buffer.byteLength) {
    const length = view.getUint32(offset, true);
    offset += LENGTH_BYTES;
    if (offset + length > buffer.byteLength) break;
    each(Buffer.from(buffer, offset, length));
    offset += length;
    count += 1;
  }
  return count;
}
