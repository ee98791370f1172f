import type { RunSummary } from "../protocol/run-record.js";
import { rerun, saveTest } from "./api.js";
import { createComparePicker } from "./compare-view.js";
import { button, el } from "./dom.js";

/**
 * A run's actions: re-run it on bedrock-local (then open the new run), save it as a test, compare it.
 * `update` gives the compare picker the runs the list holds now.
 */
export function createRunActions(
  run: RunSummary,
  onError: (error: unknown) => void,
): { element: HTMLElement; update(others: readonly RunSummary[]): void } {
  const picker = createComparePicker(run.id, onError);
  const result = el("div", { class: "action-result", role: "status" });
  const report = (error: unknown, what: string) => {
    result.replaceChildren(
      el(
        "p",
        { class: "error-text", testid: "action-error" },
        `${what}: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    onError(error);
  };
  const rerunButton = button(
    "Re-run on bedrock-local",
    () => {
      rerunButton.disabled = true;
      result.replaceChildren(el("p", { class: "muted" }, "Starting the re-run…"));
      rerun(run.id).then(
        ({ runId }) => {
          rerunButton.disabled = false;
          location.hash = `#/runs/${encodeURIComponent(runId)}`;
        },
        (error: unknown) => {
          rerunButton.disabled = false;
          report(error, "Could not re-run");
        },
      );
    },
    { testid: "rerun" },
  );
  const saveButton = button(
    "Save as test",
    () => {
      saveButton.disabled = true;
      result.replaceChildren(el("p", { class: "muted" }, "Saving…"));
      saveTest(run.id).then(
        (saved) => {
          saveButton.disabled = false;
          const box = el(
            "div",
            { class: "saved-test", testid: "saved-test" },
            el("strong", {}, "Saved as a test"),
            el("div", {}, "test file ", el("code", { testid: "saved-test-file" }, saved.testFile)),
            el("div", {}, "recordings ", el("code", { testid: "saved-test-recordings" }, saved.recordings)),
          );
          box.dataset.testFile = saved.testFile;
          result.replaceChildren(box);
        },
        (error: unknown) => {
          saveButton.disabled = false;
          report(error, "Could not save");
        },
      );
    },
    { testid: "save-test" },
  );
  const element = el(
    "section",
    { class: "run-actions", testid: "run-actions" },
    el("div", { class: "action-bar" }, rerunButton, saveButton),
    result,
    picker.element,
  );
  return { element, update: picker.update };
}
