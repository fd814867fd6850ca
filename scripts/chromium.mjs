// How every browser runner here launches Debian's Chromium (playwright-core never downloads
// one). The networking flags matter: this machine's network is closed, and Chromium's
// background connections would otherwise fail, many at a time, at every start.
export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
