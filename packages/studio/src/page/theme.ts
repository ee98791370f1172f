/** Light or dark: the person's choice (kept in localStorage), else the system's (prefers-color-scheme). */
export type Theme = "light" | "dark";

const KEY = "lode-studio-theme";
const system = matchMedia("(prefers-color-scheme: dark)");

export function currentTheme(): Theme {
  const chosen = localStorage.getItem(KEY);
  if (chosen === "light" || chosen === "dark") return chosen;
  return system.matches ? "dark" : "light";
}

/** Applies the theme now and whenever it changes (the toggle, or the system's while nothing is chosen). */
export function setUpTheme(toggle: HTMLButtonElement, onChange: () => void): void {
  const apply = () => {
    const theme = currentTheme();
    document.documentElement.dataset.theme = theme;
    toggle.setAttribute("aria-pressed", String(theme === "dark"));
    toggle.textContent = theme === "dark" ? "☀ Light" : "☾ Dark";
    toggle.title = `Switch to the ${theme === "dark" ? "light" : "dark"} theme`;
    onChange();
  };
  toggle.addEventListener("click", () => {
    localStorage.setItem(KEY, currentTheme() === "dark" ? "light" : "dark");
    apply();
  });
  system.addEventListener("change", apply);
  apply();
}
