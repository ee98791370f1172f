import { followLive } from "./api.js";
import { find } from "./dom.js";
import { createRunList } from "./run-list.js";
import { createRunView } from "./run-view.js";
import { currentTheme, setUpTheme } from "./theme.js";

const app = find(document, '[data-testid="app"]');
const listPane = find(document, '[data-testid="run-list"]');
const runPane = find(document, '[data-testid="run-view"]');
const toast = find(document, '[data-testid="toast"]');
const live = find(document, '[data-testid="live-status"]');

let toastTimer: ReturnType<typeof setTimeout> | undefined;
/** Shows what went wrong for a few seconds (the server's message), and logs it. */
function showError(error: unknown): void {
  console.error(error);
  toast.textContent = error instanceof Error ? error.message : String(error);
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    toast.hidden = true;
  }, 6000);
}

const list = createRunList(listPane, showError);
const view = createRunView(runPane, {
  others: () => list.runs(),
  dark: () => currentTheme() === "dark",
  onError: showError,
});
setUpTheme(find<HTMLButtonElement>(document, '[data-testid="theme-toggle"]'), () => view.themeChanged());

/** Routes: `#/` the list; `#/runs/<id>` a run; `#/runs/<id>/step/<n>` a run with a step selected. */
function route(): void {
  const match = /^#\/runs\/([^/]+)(?:\/step\/(\d+))?$/.exec(location.hash);
  if (!match?.[1]) {
    view.close();
    list.select(undefined);
    app.classList.remove("has-run");
    return;
  }
  const id = decodeURIComponent(match[1]);
  view.show(id, match[2] === undefined ? undefined : Number(match[2]));
  list.select(id);
  app.classList.add("has-run");
}
addEventListener("hashchange", route);
route();

// Escape closes the innermost thing open: a step's detail, then the run.
addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || event.defaultPrevented) return;
  const target = event.target;
  // In a field, Escape first leaves it (a search box clears itself, as browsers do).
  if (
    target instanceof HTMLInputElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLTextAreaElement
  ) {
    if (!(target instanceof HTMLInputElement && target.type === "search" && target.value)) target.blur();
    return;
  }
  const match = /^#\/runs\/([^/]+)(\/step\/\d+)?$/.exec(location.hash);
  if (!match?.[1]) return;
  event.preventDefault();
  location.hash = match[2] ? `#/runs/${match[1]}` : "#/";
  if (!match[2]) {
    // Back in the list, focus returns to the run's row.
    const selector = `[data-testid="run-row"][data-run-id="${CSS.escape(decodeURIComponent(match[1]))}"]`;
    setTimeout(() => document.querySelector<HTMLElement>(selector)?.focus());
  }
});

followLive(
  (update) => {
    if (update.type === "cleared") {
      list.cleared();
      // The open run is gone with the others.
      if (location.hash.startsWith("#/runs/")) location.hash = "#/";
      return;
    }
    list.upsert(update.run);
    view.changed(update.run);
  },
  () => {
    live.dataset.state = "live";
    live.textContent = "live";
    // After a (re)connection what changed meanwhile was missed: the list is fetched again.
    list.refresh().catch(showError);
  },
).addEventListener("error", () => {
  live.dataset.state = "offline";
  live.textContent = "reconnecting…";
});
list.refresh().catch(showError);
