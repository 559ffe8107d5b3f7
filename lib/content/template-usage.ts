// Which canned reply went into which composer box, so the reply logger can record it. A
// WeakMap keyed by X's text box element: it disappears with the box.
import { findComposerBoxes } from '../x/composer';

const used = new WeakMap<Element, string>();

export function noteTemplateUsed(box: Element, templateId: string): void {
  used.set(box, templateId);
}

/** The canned reply used in any box of this composer, if one was. */
export function templateUsedIn(composerRoot: Element): string | undefined {
  for (const box of findComposerBoxes(composerRoot)) {
    const id = used.get(box);
    if (id) return id;
  }
  return undefined;
}
