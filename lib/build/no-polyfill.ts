// Stands in for the core-js 2 polyfills twitter-text's build imports for their side effects
// (wxt.config.ts aliases every `core-js/modules/*` here). The browsers Handlebook supports have
// all of those ES2015 features natively; the polyfills only added ~15 KB to the content script
// that every x.com page loads. And core-js 2 finds the global object with
// `Function('return this')()` whenever `window.Math !== Math`, which is always so in a Firefox
// content script (Xray wrappers): eval on x.com, and a dead content script in a Firefox MV3
// build, whose CSP covers content scripts (measured in Firefox ESR 153; docs/store-review.md).
export {};
