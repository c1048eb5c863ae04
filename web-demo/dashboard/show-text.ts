/** Sets an element's text only when it differs: even an unchanged write
 * replaces the text node, and the browser then restyles, lays out and
 * repaints the page. */
export function showText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
