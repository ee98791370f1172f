import { Readable } from "node:stream";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** What bedrock-local's strict replay says when no recording matches. */
const MISS_MARKER = "bedrock-local replay: no recording matches";

type Handle = NodeHttpHandler["handle"];

/**
 * The SDK's HTTP handler for auto mode: each request goes to the replaying server first; one it has no
 * recording of goes, the same request, to the recording proxy, which asks Bedrock and saves the answer.
 */
export class ReplayOrRecordHandler extends NodeHttpHandler {
  constructor(private readonly recorderPort: number) {
    super();
  }

  override async handle(...[request, options]: Parameters<Handle>): ReturnType<Handle> {
    const answer = await super.handle(request, options);
    if (answer.response.statusCode !== 400) return answer;
    const body = await readAll(answer.response.body as Readable);
    if (!body.toString("utf8").includes(MISS_MARKER)) {
      answer.response.body = Readable.from([body]);
      return answer;
    }
    const host = `${request.hostname}:${this.recorderPort}`;
    return super.handle(
      Object.assign(Object.create(Object.getPrototypeOf(request)), request, {
        port: this.recorderPort,
        headers: { ...request.headers, host },
      }),
      options,
    );
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
