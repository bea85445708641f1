// A DogStatsD stand-in: a loopback UDP socket that counts datagrams, bytes and metric lines.
import dgram from 'node:dgram';

export class UdpSink {
  private socket: dgram.Socket | undefined;
  datagrams = 0;
  bytes = 0;
  lines = 0;

  async start(): Promise<number> {
    const socket = dgram.createSocket('udp4');
    socket.on('message', (datagram) => {
      this.datagrams += 1;
      this.bytes += datagram.length;
      let lines = 1;
      for (let i = 0; i < datagram.length - 1; i += 1) if (datagram[i] === 10) lines += 1;
      this.lines += lines;
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    this.socket = socket;
    return socket.address().port;
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
