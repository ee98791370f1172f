export type * from "./protocol/api.js";
export type * from "./protocol/reports.js";
export type * from "./protocol/run-record.js";
export {
  type FollowedStreamItem,
  type StudioOptions,
  type StudioReporter,
  studio,
} from "./reporter/studio.js";
export { type StartStudioOptions, type Studio, startStudio } from "./server/start-studio.js";
export type { RunStore, RunStoreListener } from "./store/run-store.js";
