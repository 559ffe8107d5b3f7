import { markInjected } from '../x/injected';

const BUTTON_STYLE = 'all:unset;cursor:pointer;font-weight:700;text-decoration:underline';

/**
 * After the extension is updated or reloaded, this (old) content script is cut off from the
 * background. It has removed its nodes; this tells the person once, politely, how to get
 * Handlebook back.
 */
export function showReloadNotice(doc: Document): void {
  if (doc.querySelector('[data-handlebook="reload-notice"]')) return;
  const notice = markInjected(doc.createElement('div'), 'reload-notice');
  notice.setAttribute('role', 'status');
  // Inline styles: our stylesheet was removed with everything else.
  notice.style.cssText =
    'all:unset;position:fixed;z-index:2147483646;left:50%;bottom:24px;transform:translateX(-50%);display:flex;gap:12px;' +
    'align-items:center;padding:10px 16px;border-radius:8px;font:14px/20px system-ui,sans-serif;color:#fff;' +
    'background:rgb(29,155,240);box-shadow:0 4px 16px rgba(0,0,0,.3)';
  const text = doc.createElement('span');
  text.textContent = 'Handlebook was updated — reload this tab to keep using it.';
  const reload = doc.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload';
  reload.style.cssText = BUTTON_STYLE;
  reload.addEventListener('click', () => doc.defaultView?.location.reload());
  const dismiss = doc.createElement('button');
  dismiss.type = 'button';
  dismiss.textContent = 'Dismiss';
  dismiss.style.cssText = BUTTON_STYLE;
  dismiss.setAttribute('aria-label', 'Dismiss the Handlebook notice');
  dismiss.addEventListener('click', () => notice.remove());
  notice.append(text, reload, dismiss);
  doc.body.append(notice);
}
