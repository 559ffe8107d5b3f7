import { isXUrl } from '../x/hosts';
import type { Access } from '../messages/protocol';

/** The minimal part of `runtime.MessageSender` the check reads. */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
}

/**
 * Who sent a message: an extension page of ours, one of our content scripts on an X tab, or
 * someone we do not answer (another extension, a content script on another site).
 */
export function classifySender(sender: SenderInfo, extensionId: string, extensionOrigin: string): Access | null {
  if (sender.id !== extensionId || !sender.url) return null;
  if (sender.url.startsWith(extensionOrigin)) return 'extension';
  if (sender.tab && isXUrl(sender.url)) return 'content';
  return null;
}

/** Extension pages may do everything; content scripts only what is marked `content`. */
export function mayCall(sender: Access, required: Access): boolean {
  return sender === 'extension' || required === 'content';
}
