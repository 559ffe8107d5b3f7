// The contract for every node Handlebook puts into X's page: it carries
// data-handlebook="<feature id>". Cleanup and tests find our nodes by it.

export const INJECTED_ATTRIBUTE = 'data-handlebook';

/**
 * Marks a node we inject: data-handlebook="<feature id>" for cleanup and tests, and the class
 * "hb-<feature id>" for our page stylesheet (see page-styles.ts for why styles key on classes).
 */
export function markInjected<T extends Element>(el: T, featureId: string): T {
  el.setAttribute(INJECTED_ATTRIBUTE, featureId);
  el.classList.add(`hb-${featureId}`);
  return el;
}

/** Removes every node Handlebook injected (all features, or one). */
export function removeInjected(doc: Document, featureId?: string): void {
  const selector = featureId ? `[${INJECTED_ATTRIBUTE}="${CSS.escape(featureId)}"]` : `[${INJECTED_ATTRIBUTE}]`;
  for (const el of doc.querySelectorAll(selector)) el.remove();
}
