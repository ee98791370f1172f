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

/** A button that runs `onClick`; `type="button"` so it never submits a form by accident. */
export function button(
  label: string,
  onClick: (event: MouseEvent) => void,
  props: Props = {},
): HTMLButtonElement {
  const element = el("button", { type: "button", ...props }, label);
  element.addEventListener("click", onClick);
  return element;
}

/** A definition list row pair: `<dt>term</dt><dd>value</dd>`, appended to `list`. */
export function term(list: HTMLElement, name: string, value: Child, props: Props = {}): void {
  list.append(el("dt", {}, name), el("dd", props, value));
}
