type Child = Node | string | null | undefined | false;

/** Attributes of a new element: `class`, `testid` (as `data-testid`) and any others, verbatim. */
export type Props = { class?: string; testid?: string } & Record<string, string | undefined>;

/** Creates an element with attributes and children; text children become text nodes (never HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (name === "class") element.className = value;
    else if (name === "testid") element.dataset.testid = value;
    else element.setAttribute(name, value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/** The element matching `selector` under `root`; throws when the page is not what the script expects. */
export function find<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T & Element>(selector);
  if (!found) throw new Error(`The page has no ${selector}.`);
  return found;
}
