// Deep imports of the few twitter-text 3.1.0 modules the budget needs. The package root only has
// a default export and pulls in autolinking, hashtags and the 2018 emoji parser (~37 KB gz);
// these paths keep the content script small. The package has no "exports" map, so they resolve.
declare module 'twitter-text/dist/esm/regexp/extractUrl.js' {
  /** Global pattern; groups: 2 preceding char, 3 URL, 4 protocol, 5 domain, 6 port, 7 path, 8 query. */
  const extractUrl: RegExp;
  export default extractUrl;
}
declare module 'twitter-text/dist/esm/regexp/validAsciiDomain.js' {
  /** Global pattern for ASCII (and Latin-accented) domains. */
  const validAsciiDomain: RegExp;
  export default validAsciiDomain;
}
declare module 'twitter-text/dist/esm/regexp/validTcoUrl.js' {
  const validTcoUrl: RegExp;
  export default validTcoUrl;
}
declare module 'twitter-text/dist/esm/lib/idna.js' {
  const idna: { toAscii(domain: string): string | undefined };
  export default idna;
}
