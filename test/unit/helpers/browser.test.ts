// How the browser tests find a browser: never by installing one.
import { BROWSER_LOCATIONS, findBrowser, NO_BROWSER } from '../../helpers/browser';

const only = (...present: string[]) => (file: string) => present.includes(file);

describe('finding a browser for the /docs tests', () => {
  it('takes CHROMIUM_PATH first', () => {
    expect(findBrowser({ CHROMIUM_PATH: '/opt/chrome/chrome' }, only('/opt/chrome/chrome', '/usr/bin/chromium'))).toBe('/opt/chrome/chrome');
  });

  it('fails on a CHROMIUM_PATH that does not exist rather than use another browser', () => {
    expect(() => findBrowser({ CHROMIUM_PATH: '/opt/nothing' }, only('/usr/bin/chromium'))).toThrow('CHROMIUM_PATH is /opt/nothing, which does not exist');
  });

  it("takes Debian's chromium before the other Linux locations", () => {
    expect(findBrowser({}, only('/usr/bin/google-chrome', '/usr/bin/chromium'))).toBe('/usr/bin/chromium');
  });

  it.each([
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ])('finds %s', (location) => {
    expect(BROWSER_LOCATIONS).toContain(location);
    expect(findBrowser({}, only(location))).toBe(location);
  });

  it('fails with one line that says what to install when there is none', () => {
    expect(() => findBrowser({}, only())).toThrow(NO_BROWSER);
    expect(NO_BROWSER).not.toContain('\n');
    expect(NO_BROWSER).toMatch(/apt-get install chromium.*brew install --cask chromium.*CHROMIUM_PATH/);
  });
});
