/** Markdown tables for the bench's output: readable in a terminal and pasteable into an issue as is. */

/** Formats rows under headers, the first column left-aligned, every other right-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths
      .map((width, column) =>
        column === 0 ? (cells[column] ?? "").padEnd(width) : (cells[column] ?? "").padStart(width),
      )
      .join(" | ")} |`;
  const rule = `| ${widths.map((width, column) => (column === 0 ? "-".repeat(width) : `${"-".repeat(width - 1)}:`)).join(" | ")} |`;
  return [line(headers), rule, ...rows.map(line)].join("\n");
}

/**
 * A number with `digits` decimals, or "n/a" when there is none. A NaN is printed as such: it is a figure
 * that did not compute, not one that does not apply, and the smoke run (run-all.ts --smoke) fails on it.
 */
export function fixed(value: number | undefined, digits: number): string {
  return value === undefined ? "n/a" : value.toFixed(digits);
}

/** `value` as a ratio to `baseline`, two decimals. */
export function ratio(value: number | undefined, baseline: number | undefined): string {
  return value === undefined || baseline === undefined ? "n/a" : (value / baseline).toFixed(2);
}
