import { validationError } from "../http/aws-error.js";
import { parseJsonObject } from "../http/read-body.js";
import type { JsonObject, ModelTurn } from "../models/model-turn.js";
import type { ContentRole, ContentType, NovaInputEvent, PromptStartFields } from "./nova-input-event.js";

/** What the session must do after an input event. */
export type ConversationStep = "continue" | "answer" | "end";

interface OpenContent {
  role: ContentRole;
  type: ContentType;
  interactive: boolean;
  parts: string[];
  audioBytes: number;
  toolUseId: string | undefined;
}

interface Message {
  role: "user" | "assistant";
  content: JsonObject[];
}

/**
 * A Nova Sonic session's conversation so far, kept in Converse's shape so that the scripted model answers
 * it exactly as it answers Converse: system texts, user and assistant messages, the tools of promptStart.
 * The model is asked to answer when the user finishes an interactive content (text or audio), and when the
 * results of every tool use of its last answer have arrived.
 */
export class NovaConversation {
  private started = false;
  private readonly system: string[] = [];
  private readonly messages: Message[] = [];
  private tools: JsonObject[] = [];
  private readonly open = new Map<string, OpenContent>();
  private readonly awaitedToolResults = new Set<string>();
  /** Bytes of base64-decoded audio received; audio is counted, never transcribed. */
  audioBytes = 0;

  accept(event: NovaInputEvent): ConversationStep {
    if (!this.started && event.kind !== "sessionStart")
      throw validationError(`Invalid input event order: sessionStart must come first, not ${event.kind}.`);
    switch (event.kind) {
      case "sessionStart":
        if (this.started) throw validationError("Invalid input event order: sessionStart was sent twice.");
        this.started = true;
        return "continue";
      case "promptStart":
        this.tools = toolsOf(event.fields);
        return "continue";
      case "contentStart": {
        const { contentName, role, type } = event.fields;
        if (this.open.has(contentName))
          throw validationError(`Invalid input event: content ${contentName} is already open.`);
        this.open.set(contentName, {
          role,
          type,
          interactive: event.fields.interactive !== false,
          parts: [],
          audioBytes: 0,
          toolUseId: event.fields.toolResultInputConfiguration?.toolUseId,
        });
        return "continue";
      }
      case "textInput":
      case "toolResult":
        this.openContent(event.fields.contentName).parts.push(event.fields.content);
        return "continue";
      case "audioInput": {
        const bytes = Buffer.from(event.fields.content, "base64").byteLength;
        this.openContent(event.fields.contentName).audioBytes += bytes;
        this.audioBytes += bytes;
        return "continue";
      }
      case "contentEnd": {
        const content = this.openContent(event.fields.contentName);
        this.open.delete(event.fields.contentName);
        return this.close(content);
      }
      case "promptEnd":
        return "continue";
      case "sessionEnd":
        return "end";
    }
  }

  /** The conversation as a Converse request body. */
  converseBody(): JsonObject {
    return {
      messages: this.messages.map((message) => ({ role: message.role, content: [...message.content] })),
      ...(this.system.length > 0 ? { system: this.system.map((text) => ({ text })) } : {}),
      ...(this.tools.length > 0 ? { toolConfig: { tools: this.tools } } : {}),
    };
  }

  /** Adds the model's answer, as Converse's assistant message would hold it. */
  addAnswer(turn: ModelTurn): void {
    for (const block of turn.content) {
      if (block.kind === "text" || block.kind === "cited-text")
        this.append("assistant", { text: block.text });
      if (block.kind === "tool-use") {
        this.append("assistant", {
          toolUse: { toolUseId: block.toolUseId, name: block.name, input: block.input },
        });
        this.awaitedToolResults.add(block.toolUseId);
      }
    }
  }

  private close(content: OpenContent): ConversationStep {
    const text = content.parts.join("");
    if (content.role === "SYSTEM") {
      this.system.push(text);
      return "continue";
    }
    if (content.role === "ASSISTANT") {
      this.append("assistant", { text });
      return "continue";
    }
    if (content.role === "TOOL") {
      const toolUseId = content.toolUseId ?? "";
      this.append("user", { toolResult: { toolUseId, content: [toolResultContent(text)] } });
      this.awaitedToolResults.delete(toolUseId);
      return this.awaitedToolResults.size === 0 ? "answer" : "continue";
    }
    // The user: audio is not transcribed, so the model is told how much was said.
    this.append("user", {
      text: content.type === "AUDIO" ? `(audio input: ${content.audioBytes} bytes)` : text,
    });
    return content.interactive ? "answer" : "continue";
  }

  private openContent(contentName: string): OpenContent {
    const content = this.open.get(contentName);
    if (!content) throw validationError(`Invalid input event: content ${contentName} was not started.`);
    return content;
  }

  private append(role: Message["role"], block: JsonObject): void {
    const last = this.messages.at(-1);
    if (last?.role === role) last.content.push(block);
    else this.messages.push({ role, content: [block] });
  }
}

/** A tool result's text becomes a `json` block when it is a JSON object, as Nova Sonic's tools return. */
function toolResultContent(text: string): JsonObject {
  const json = parseJsonObject(text);
  return json ? { json } : { text };
}

/** promptStart's tools, with each `inputSchema.json` (a JSON string in Nova Sonic) parsed as Converse holds it. */
function toolsOf(fields: PromptStartFields): JsonObject[] {
  // The shape was checked by parseNovaInputEvent; only the schema string's content is left to check.
  return (fields.toolConfiguration?.tools ?? []).map(({ toolSpec: spec }) => {
    let schema: unknown;
    try {
      schema = JSON.parse(spec.inputSchema.json);
    } catch {
      throw validationError(`Invalid promptStart: the input schema of tool ${spec.name} is not JSON.`);
    }
    return {
      toolSpec: {
        name: spec.name,
        ...(spec.description ? { description: spec.description } : {}),
        inputSchema: { json: schema as JsonObject },
      },
    };
  });
}
