import { startChatServer } from "./chat-server.js";

/** `pnpm --filter ./examples/chat-ui start`: serves the chat page until interrupted. */
async function main(): Promise<void> {
  const logRequests = Boolean(process.env.CHAT_UI_LOG);
  const server = await startChatServer({
    port: Number(process.env.PORT ?? 0),
    ...(logRequests
      ? {
          onRequest: (line) =>
            process.stderr.write(
              `${line.method} ${line.path} ${line.status} ${line.durationMs} ms${line.run ? ` ${line.run}` : ""}\n`,
            ),
        }
      : {}),
  });
  process.stdout.write(`chat-ui listening on ${server.url}\n`);
  process.stdout.write(`model: ${server.backend.description}\n`);
  // `pnpm chat` reaches this process through pnpm and `sh -c`: the scripts `exec` each next command, so a
  // signal sent to pnpm alone (not to the terminal's whole group) is passed on to here and not lost.
  // The same signal a second time finds no handler left and ends the process at once.
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `chat-ui did not close cleanly: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `chat-ui could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
