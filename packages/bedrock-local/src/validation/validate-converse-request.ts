import type { JsonObject } from "../models/model-turn.js";
import type { ReasoningSigner } from "../reasoning/reasoning-signer.js";

/** Placeholder: the full validator replaces this. */
export function validateConverseRequest(_body: JsonObject, _options: { signer: ReasoningSigner }): void {}
