import { markInjected } from '../x/injected';

// Styles for the plain-DOM nodes we put inside X's own tree (badges, the note prompt, the
// profile summary, the composer bar). Everything else lives in the panel's shadow root. Colours
// are translucent so the badge reads on all three X themes; sizes are fixed in px so X's font
// settings cannot break them.
//
// Every rule ends in one of OUR classes (markInjected adds "hb-<feature id>"; buttons inside
// carry "hb-action"), never in a tag or a bare attribute: browsers file a rule under the last
// part of its selector, and a class of ours is the one key no node of X's ever matches, so X's
// own style work is not made to test these rules (a rule like `[data-x] button` would be tested
// on every button X renders).
const CSS = `
.hb-badge, .hb-note-prompt {
  all: unset; box-sizing: border-box; display: inline-flex; align-items: center; flex: none; align-self: center;
  width: auto; max-width: 160px; height: 18px; margin: 0 4px; padding: 0 6px; border-radius: 9px;
  font: 500 11px/18px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; unicode-bidi: isolate;
  cursor: pointer; color: rgb(29, 155, 240); background: rgba(29, 155, 240, 0.1);
  vertical-align: middle;
}
.hb-note-prompt { color: rgb(113, 118, 123); background: transparent; border: 1px dashed rgba(113, 118, 123, 0.5); }
.hb-badge[data-repeat="true"] { font-weight: 700; box-shadow: inset 0 0 0 1px currentColor; }
.hb-badge[data-waiting="true"] { color: rgb(244, 33, 46); background: rgba(244, 33, 46, 0.1); }
.hb-badge:hover, .hb-note-prompt:hover { filter: brightness(1.1); text-decoration: underline; }
.hb-badge:focus-visible, .hb-note-prompt:focus-visible { outline: 2px solid rgb(29, 155, 240); outline-offset: 1px; }
.hb-profile-summary {
  all: unset; box-sizing: border-box; display: flex; gap: 8px; align-items: center; margin: 6px 0; padding: 6px 10px;
  border-radius: 8px; font: 13px/18px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: rgb(29, 155, 240); background: rgba(29, 155, 240, 0.08); overflow-wrap: anywhere; unicode-bidi: isolate;
}
.hb-profile-summary[data-waiting="true"] { color: rgb(244, 33, 46); background: rgba(244, 33, 46, 0.08); }
.hb-profile-summary .hb-action { all: unset; cursor: pointer; font-weight: 700; text-decoration: underline; margin-left: auto; flex: none; }
.hb-composer {
  all: unset; box-sizing: border-box; display: flex; gap: 8px; align-items: center; justify-content: flex-end;
  margin: 4px 0; font: 13px/20px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: rgb(113, 118, 123);
}
.hb-composer .hb-meter { font-variant-numeric: tabular-nums; margin-right: auto; }
.hb-composer[data-over="true"] .hb-meter { color: rgb(244, 33, 46); font-weight: 700; }
.hb-composer .hb-action { all: unset; cursor: pointer; padding: 0 10px; border-radius: 12px; font-weight: 700;
  color: rgb(29, 155, 240); border: 1px solid rgba(29, 155, 240, 0.4); }
.hb-composer .hb-action[hidden] { display: none; }
.hb-composer .hb-action:focus-visible { outline: 2px solid rgb(29, 155, 240); }
.hb-badge[data-replying-by] { max-width: 300px; }
.hb-badge[data-presence-only="true"] { color: rgb(0, 150, 100); background: rgba(0, 186, 124, 0.12); }
.hb-badge .hb-replying { font-style: italic; }
.hb-triage {
  all: unset; box-sizing: border-box; display: inline-flex; align-items: center; flex: none; align-self: center;
  height: 18px; margin: 0 4px; padding: 0 6px; border-radius: 9px; white-space: nowrap; unicode-bidi: isolate;
  font: 500 11px/18px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-variant-numeric: tabular-nums;
  color: rgb(113, 118, 123); border: 1px solid rgba(113, 118, 123, 0.35);
}
.hb-triage[data-answered="false"] { color: rgb(200, 100, 0); border-color: rgba(255, 122, 0, 0.5); background: rgba(255, 122, 0, 0.08); }
.hb-triage[data-answered="true"] { color: rgb(0, 150, 100); border-color: rgba(0, 186, 124, 0.4); }
.hb-triage-keys {
  all: unset; position: fixed; left: 16px; bottom: 16px; z-index: 2147483000; cursor: pointer; padding: 6px 12px;
  border-radius: 16px; font: 700 13px/18px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: rgb(29, 155, 240); background: rgba(255, 255, 255, 0.92); border: 1px solid rgba(29, 155, 240, 0.5);
  box-shadow: 0 1px 6px rgba(0, 0, 0, 0.15);
}
.hb-triage-keys[aria-pressed="true"] { color: #fff; background: rgb(29, 155, 240); }
.hb-triage-keys:focus-visible { outline: 2px solid rgb(29, 155, 240); outline-offset: 2px; }
.hb-composer .hb-presence { font-style: italic; color: rgb(0, 150, 100); overflow-wrap: anywhere; }
.hb-composer .hb-presence[hidden] { display: none; }
.hb-composer .hb-team-replied { color: rgb(200, 100, 0); font-weight: 600; overflow-wrap: anywhere; }
.hb-composer .hb-team-replied[hidden] { display: none; }
`;

/** Adds our stylesheet to X's document once; removed with every other injected node. */
export function ensurePageStyles(doc: Document): void {
  if (doc.querySelector('style[data-handlebook="styles"]')) return;
  const style = markInjected(doc.createElement('style'), 'styles');
  style.textContent = CSS;
  (doc.head ?? doc.documentElement).append(style);
}
