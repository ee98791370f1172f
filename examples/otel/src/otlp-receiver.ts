import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A span as OTLP/HTTP's JSON encoding carries it, with the fields this example prints. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: { key: string; value: AnyValue }[];
  events?: { name: string }[];
}

type AnyValue = {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: AnyValue[] };
};

interface ExportTraceRequest {
  resourceSpans?: { scopeSpans?: { spans?: ReceivedSpan[] }[] }[];
}

export interface OtlpReceiver {
  /** Where an OTLP/HTTP exporter sends: `${url}/v1/traces`. */
  url: string;
  /** Every span received so far. */
  spans: ReceivedSpan[];
  close(): Promise<void>;
}

/**
 * The smallest OTLP/HTTP trace receiver: it takes `POST /v1/traces` in the JSON encoding, keeps the spans
 * and answers as a collector would. It stands in for a collector (Jaeger, Tempo, a vendor's endpoint) so
 * the example needs nothing running; any OTLP/HTTP JSON exporter pointed at it works.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server = createServer(async (request, response) => {
    if (request.method !== "POST" || request.url !== "/v1/traces") {
      response.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ExportTraceRequest;
      for (const resource of body.resourceSpans ?? [])
        for (const scope of resource.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    } catch {
      response.writeHead(400, { "content-type": "application/json" }).end('{"message":"not OTLP JSON"}');
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An attribute's value as text (arrays joined by commas). */
export function attributeText(span: ReceivedSpan, key: string): string | undefined {
  const value = span.attributes?.find((attribute) => attribute.key === key)?.value;
  return value === undefined ? undefined : valueText(value);
}

function valueText(value: AnyValue): string {
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueText).join(",");
  return String(value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue ?? "");
}
