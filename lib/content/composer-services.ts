import type { Template } from '../db/types';
import { request } from '../messages/client';
import type { Settings } from '../settings/schema';
import { expandTemplate, type Expansion } from '../text/templates';
import {
  addThreadBox,
  composerRootOf,
  findComposerBoxes,
  boxIndex,
  pasteText,
  placeCaret,
  readBoxText,
  replaceAllText,
  selectRange,
} from '../x/composer';
import type { ComposerTarget } from './panel-controller';
import type { TemplateStore } from './template-store';
import { noteTemplateUsed } from './template-usage';

export type InsertMode = 'caret' | 'replace';

/**
 * What the composer bar, the picker and the split dialog share: templates, settings, and the
 * one way to expand a canned reply for a customer and put it into X's box.
 */
export class ComposerServices {
  constructor(
    readonly templates: TemplateStore,
    private readonly settings: () => Settings,
  ) {}

  get currentSettings(): Settings {
    return this.settings();
  }

  /** Expands a template for the customer being answered (fields come from their record). */
  async expand(template: Template, composer: ComposerTarget, fillIns: Record<string, string> = {}): Promise<Expansion & { signed: string }> {
    const settings = this.settings();
    const reply = composer.replyTo;
    const customer = reply ? (await request('customers.get', { ref: { handle: reply.handle, ...(reply.userId ? { userId: reply.userId } : {}) } })).customer : null;
    const expansion = expandTemplate(template.body, {
      customer: {
        ...(reply ? { handle: reply.handle } : {}),
        ...(customer?.displayName || reply?.displayName ? { displayName: customer?.displayName || reply!.displayName } : {}),
        fields: customer?.fields ?? {},
      },
      agent: { name: settings.agentName, ...(settings.initials ? { initials: settings.initials } : {}) },
      now: new Date(),
      fillIns,
    });
    return { ...expansion, signed: this.withSignOff(expansion.text) };
  }

  /** Appends " ^JB" when sign-off is on and the text does not end with it already. */
  withSignOff(text: string): string {
    const { signOff, initials } = this.settings();
    if (!signOff || !initials) return text;
    const mark = `^${initials}`;
    return text.trimEnd().endsWith(mark) ? text : `${text.trimEnd()} ${mark}`;
  }

  /** Puts an expanded reply into X's box at the saved caret (or replacing all). */
  async insert(composer: ComposerTarget, template: Template, text: string, cursor: number | null, mode: InsertMode): Promise<void> {
    const box = composer.box;
    let start = 0;
    if (mode === 'replace') {
      await replaceAllText(box, text);
    } else {
      const length = readBoxText(box).length;
      const [from, to] = composer.replaceRange ?? [composer.caret ?? length, composer.caret ?? length];
      start = Math.min(from, length);
      await selectRange(box, start, Math.min(to, length));
      await pasteText(box, text);
    }
    if (cursor !== null) await placeCaret(box, start + cursor);
    noteTemplateUsed(box, template.id);
  }

  /** Fills X's thread: part 1 replaces the first box, the rest go into boxes X adds. */
  async fillThread(composer: ComposerTarget, parts: string[]): Promise<boolean> {
    const root = composerRootOf(composer.box);
    if (!root || !parts.length) return false;
    await replaceAllText(composer.box, parts[0]!);
    for (let i = 1; i < parts.length; i++) {
      const boxes = findComposerBoxes(root).sort((a, b) => boxIndex(a) - boxIndex(b));
      const box = boxes[i] ?? (await addThreadBox(root));
      if (!box) return false;
      // A box X just added may still be mounting its editor: check the text landed, retry.
      for (let attempt = 0; attempt < 5; attempt++) {
        await replaceAllText(box, parts[i]!);
        if (readBoxText(box).trim() === parts[i]!.trim()) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    return true;
  }
}
