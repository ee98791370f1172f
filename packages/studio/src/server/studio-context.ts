import type { StudioSettings } from "../protocol/api.js";
import type { RunStore } from "../store/run-store.js";
import type { ControlRelay } from "./control-relay.js";
import type { LiveFeed } from "./live-feed.js";

/** What the routes share: the runs, the reporters' control channels, the live feed, the settings. */
export interface StudioContext {
  store: RunStore;
  relay: ControlRelay;
  live: LiveFeed;
  settings: StudioSettings;
  /** The page's URL, token included: where a re-run reports. */
  pageUrl: string;
}
