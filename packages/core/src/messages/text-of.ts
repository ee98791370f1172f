import type { Message } from "@aws-sdk/client-bedrock-runtime";

/** The text of a message: its text blocks and cited text, joined. */
export function textOf(message: Message): string {
  return (message.content ?? [])
    .map(
      (block) => block.text ?? block.citationsContent?.content?.map((part) => part.text ?? "").join("") ?? "",
    )
    .join("");
}
