// Appends turns to one session of a FileConversationStore until killed, printing each acknowledged version.
import { FileConversationStore } from "@lode/memory";
import { sampleTurn } from "@lode/testing";

const [directory, sessionId] = process.argv.slice(2) as [string, string];
const store = new FileConversationStore({ directory });
let version = (await store.load(sessionId)).version;
for (let turn = 0; ; turn++) {
  const messages = sampleTurn(`turn ${turn} ${"x".repeat(turn % 7 === 0 ? 200_000 : 10)}`);
  version = await store.append(sessionId, messages, version);
  process.stdout.write(`${version}\n`);
}
