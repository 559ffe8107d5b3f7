// Which canned reply went into which composer, so the reply logger can record it. A WeakMap
// keyed by the composer's element: it disappears with the composer.
const used = new WeakMap<Element, string>();

export function noteTemplateUsed(composerRoot: Element, templateId: string): void {
  used.set(composerRoot, templateId);
}

export function templateUsedIn(composerRoot: Element): string | undefined {
  return used.get(composerRoot);
}
