import type { Socket } from "node:net";
import { Duplex } from "node:stream";

/**
 * A duplex stream over `socket` whose readable side first yields `peeked`, then
 * the socket's own data.
 *
 * Node's HTTP/2 server reads a real socket through its native session, so bytes
 * pushed back with `socket.unshift()` are never seen; handing it this wrapper
 * instead makes the sniffed preface reach the HTTP/2 parser.
 */
export function replayDuplex(socket: Socket, peeked: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk, _encoding, callback) {
      if (socket.destroyed) return callback(new Error("socket closed"));
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  duplex.push(peeked);
  socket.on("data", (data: Buffer) => {
    if (!duplex.push(data)) socket.pause();
  });
  socket.on("end", () => duplex.push(null));
  socket.on("error", (error) => duplex.destroy(error));
  socket.on("close", () => duplex.destroy());
  // http2 sessions ask their socket for these; forward the ones it uses.
  Object.assign(duplex, {
    remoteAddress: socket.remoteAddress,
    remotePort: socket.remotePort,
    remoteFamily: socket.remoteFamily,
    localAddress: socket.localAddress,
    localPort: socket.localPort,
    setNoDelay: (noDelay?: boolean) => socket.setNoDelay(noDelay),
    setKeepAlive: (enable?: boolean, delay?: number) => socket.setKeepAlive(enable, delay),
    setTimeout: (ms: number, cb?: () => void) => {
      socket.setTimeout(ms, cb);
      return duplex;
    },
  });
  return duplex;
}
