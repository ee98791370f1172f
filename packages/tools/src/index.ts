export { type DefineToolOptions, defineTool, type InputOf } from "./define-tool.js";
export { type AnyZodSchema, toObjectJsonSchema, type Zod3Schema } from "./schema-to-json.js";
export {
  document,
  image,
  resultBlocks,
  type SearchResult,
  searchResults,
  type ToolResultBlocks,
  type ToolReturn,
  toToolResultContent,
} from "./tool-result-content.js";
