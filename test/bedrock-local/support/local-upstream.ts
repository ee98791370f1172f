import type http from "node:http";
import type http2 from "node:http2";
import type { AddressInfo } from "node:net";

type StandIn = http.Server | http2.Http2Server;

/** Starts a hand-written stand-in upstream on a free local port and returns its `http://` URL. */
export async function listenLocally(server: StandIn): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes a stand-in upstream started with `listenLocally`. */
export async function closeLocally(server: StandIn): Promise<void> {
  await new Promise((resolve) => server.close(resolve));
}
