import { describe, expect, test } from "vitest";
import { CreateLodeError } from "./create-lode-error.js";
import { parseCliArgs, USAGE } from "./parse-args.js";

describe("parseCliArgs", () => {
  test("reads the folder, the template and the packages folder", () => {
    expect(parseCliArgs(["my-agent", "--template", "chat", "--packages", "/tmp/packs"])).toEqual({
      directory: "my-agent",
      template: "chat",
      packages: "/tmp/packs",
      help: false,
    });
  });

  test("accepts --template=name and options before the folder", () => {
    expect(parseCliArgs(["--template=durable", "here"])).toEqual({
      directory: "here",
      template: "durable",
      help: false,
    });
  });

  test("leaves out what was not given", () => {
    expect(parseCliArgs([])).toEqual({ help: false });
    expect(parseCliArgs(["-h"])).toEqual({ help: true });
  });

  test("rejects an unknown template, listing the known ones", () => {
    expect(() => parseCliArgs(["x", "--template", "graph"])).toThrow(
      new CreateLodeError('Unknown template "graph": choose one of agent, chat, durable.'),
    );
  });

  test("rejects an unknown option, a missing value and two folders, in one line each", () => {
    for (const argv of [
      ["--tempalte", "chat"],
      ["x", "--template"],
      ["a", "b"],
      ["x", "--packages="],
    ]) {
      expect(() => parseCliArgs(argv)).toThrow(CreateLodeError);
      try {
        parseCliArgs(argv);
      } catch (error) {
        expect((error as Error).message).not.toContain("\n");
      }
    }
  });

  test("describes every template in the usage", () => {
    expect(USAGE).toMatch(/agent \| chat \| durable/);
    expect(USAGE).toContain("--packages <dir>");
  });
});
