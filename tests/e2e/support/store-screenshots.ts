// The store screenshots' file names, in the listings' order: the screenshot test takes exactly
// these, and the listing test checks both listings name exactly these.
export const STORE_SCREENSHOTS = [
  '1-timeline-badges-light.png',
  '2-customer-card-dark.png',
  '3-canned-replies-light.png',
  '4-dashboard-dark.png',
  '5-welcome-light.png',
] as const;
