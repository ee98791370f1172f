import { REQUEST_SETTING_KEYS, type RequestSettings } from "../contracts/request-settings.js";

/** The request settings of the agent's options, replaced field by field by those a run sets. */
export function mergeRequestSettings(agent: RequestSettings, run: RequestSettings): RequestSettings {
  const merged: Record<string, unknown> = {};
  for (const key of REQUEST_SETTING_KEYS) {
    const value = run[key] ?? agent[key];
    if (value !== undefined) merged[key] = value;
  }
  return merged as RequestSettings;
}
