// Stands in for the core-js 2 polyfills twitter-text's build imports for their side effects
// (wxt.config.ts aliases every `core-js/modules/*` here). The browsers Handlebook supports have
// all of those ES2015 features natively; the polyfills only added ~15 KB to the content script
// that every x.com page loads.
export {};
