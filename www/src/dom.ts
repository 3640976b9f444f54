// The page's DOM helpers, shared by its parts.

import { explain } from "./errors";

export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Text in an element (never HTML). */
export function text(tag: string, content: string, className?: string): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) element.className = className;
  return element;
}

/** A button of type "button" (never a form's submit). */
export function button(label: string, onClick: () => void, ariaLabel?: string): HTMLButtonElement {
  const element = text("button", label) as HTMLButtonElement;
  element.type = "button";
  if (ariaLabel) element.setAttribute("aria-label", ariaLabel);
  element.addEventListener("click", onClick);
  return element;
}

/** An error in words in `where`, with the ids a support ticket needs. */
export function showError(where: HTMLElement, error: unknown) {
  const { title, detail, support } = explain(error);
  where.replaceChildren(text("p", title, "error-title"), text("p", detail));
  if (support.length > 0) {
    const list = text("ul", "", "support");
    list.setAttribute("aria-label", "For a support ticket");
    for (const line of support) list.append(text("li", line));
    where.append(list);
  }
}
