/**
 * Finds an element a component's script depends on, or stops with an error that names
 * the component and the selector (a template change that drops a hook fails loudly).
 */
export function requiredElement<T extends Element>(component: string, root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`${component}: expected an element matching ${selector}`);
  return element;
}
