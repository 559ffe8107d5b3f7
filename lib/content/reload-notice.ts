import { markInjected } from '../x/injected';
import { ensurePageStyles } from './page-styles';

/**
 * After the extension is updated or reloaded, this (old) content script is cut off from the
 * background. It has removed its nodes; this tells the person once, politely, how to get
 * Handlebook back.
 */
export function showReloadNotice(doc: Document): void {
  if (doc.querySelector('[data-handlebook="reload-notice"]')) return;
  ensurePageStyles(doc);
  const notice = markInjected(doc.createElement('div'), 'reload-notice');
  notice.setAttribute('role', 'status');
  const text = doc.createElement('span');
  text.textContent = 'Handlebook was updated — reload this tab to keep using it.';
  const reload = doc.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => doc.defaultView?.location.reload());
  const dismiss = doc.createElement('button');
  dismiss.type = 'button';
  dismiss.textContent = 'Dismiss';
  dismiss.setAttribute('aria-label', 'Dismiss the Handlebook notice');
  dismiss.addEventListener('click', () => notice.remove());
  notice.append(text, reload, dismiss);
  doc.body.append(notice);
}
