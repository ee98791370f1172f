import type { A2ASecurityScheme, A2ASkill } from "./serve-options.js";

/** What both versions of the card are made from. */
export interface CardFacts {
  name: string;
  description: string;
  version: string;
  url: string;
  skills: A2ASkill[];
  securityScheme: A2ASecurityScheme | undefined;
}

const MODES = ["text/plain", "application/json"];
const OUTPUT_MODES = [...MODES, "image/png", "image/jpeg"];
const SCHEME_NAME = { bearer: "bearer", apiKey: "apiKey" } as const;

/** The card as A2A 1.0 writes it: interfaces listed, security schemes as tagged objects. */
export function agentCardV1(facts: CardFacts): Record<string, unknown> {
  const scheme = facts.securityScheme;
  return {
    name: facts.name,
    description: facts.description,
    version: facts.version,
    supportedInterfaces: ["1.0", "0.3"].map((protocolVersion) => ({
      url: facts.url,
      protocolBinding: "JSONRPC",
      protocolVersion,
    })),
    capabilities: { streaming: true, pushNotifications: false },
    ...(scheme
      ? {
          securitySchemes: { [SCHEME_NAME[scheme.type]]: securitySchemeV1(scheme) },
          securityRequirements: [{ schemes: { [SCHEME_NAME[scheme.type]]: { list: [] } } }],
        }
      : {}),
    defaultInputModes: MODES,
    defaultOutputModes: OUTPUT_MODES,
    skills: facts.skills.map((skill) => ({ tags: [], examples: [], ...skill })),
  };
}

/** The card as A2A 0.3 writes it (`url` and `protocolVersion` at the top), for clients that ask for no version. */
export function agentCardV03(facts: CardFacts): Record<string, unknown> {
  const scheme = facts.securityScheme;
  return {
    protocolVersion: "0.3.0",
    name: facts.name,
    description: facts.description,
    url: facts.url,
    preferredTransport: "JSONRPC",
    version: facts.version,
    capabilities: { streaming: true, pushNotifications: false },
    ...(scheme
      ? {
          securitySchemes: { [SCHEME_NAME[scheme.type]]: securitySchemeV03(scheme) },
          security: [{ [SCHEME_NAME[scheme.type]]: [] }],
        }
      : {}),
    defaultInputModes: MODES,
    defaultOutputModes: OUTPUT_MODES,
    skills: facts.skills.map((skill) => ({ tags: [], examples: [], ...skill })),
  };
}

function securitySchemeV1(scheme: A2ASecurityScheme): Record<string, unknown> {
  return scheme.type === "bearer"
    ? {
        httpAuthSecurityScheme: {
          scheme: "Bearer",
          ...(scheme.bearerFormat ? { bearerFormat: scheme.bearerFormat } : {}),
          ...(scheme.description ? { description: scheme.description } : {}),
        },
      }
    : {
        apiKeySecurityScheme: {
          location: "header",
          name: scheme.header,
          ...(scheme.description ? { description: scheme.description } : {}),
        },
      };
}

function securitySchemeV03(scheme: A2ASecurityScheme): Record<string, unknown> {
  return scheme.type === "bearer"
    ? {
        type: "http",
        scheme: "bearer",
        ...(scheme.bearerFormat ? { bearerFormat: scheme.bearerFormat } : {}),
        ...(scheme.description ? { description: scheme.description } : {}),
      }
    : {
        type: "apiKey",
        in: "header",
        name: scheme.header,
        ...(scheme.description ? { description: scheme.description } : {}),
      };
}

/** The `WWW-Authenticate` challenge a refused request gets. */
export function authenticateChallenge(scheme: A2ASecurityScheme | undefined): string {
  return scheme?.type === "apiKey" ? `ApiKey header="${scheme.header}"` : 'Bearer realm="a2a"';
}
