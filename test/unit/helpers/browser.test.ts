// How the browser tests find a browser: never by installing one (only .ci/run installs it, when this lookup fails).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
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

describe('.ci/run, which installs Chromium on CI machines', () => {
  const root = path.resolve(__dirname, '..', '..', '..');
  const ciRun = fs.readFileSync(path.join(root, '.ci', 'run'), 'utf8');
  const lookup = /node --import tsx -e '([^']+)'/.exec(ciRun);
  const runLookup = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ['--import', 'tsx', '-e', lookup![1]!], { cwd: root, env: { ...process.env, ...env } });

  it("decides with this helper's own lookup, so the two never disagree", () => {
    expect(lookup?.[1]).toBe('require("./test/helpers/browser").findBrowser()');
    for (const location of BROWSER_LOCATIONS) expect(ciRun).not.toContain(location);
  });

  it('asks after npm ci (which brings tsx) and before the tests', () => {
    const at = (text: string) => ciRun.indexOf(text);
    expect(at('npm ci')).toBeGreaterThan(-1);
    expect(at('npm ci')).toBeLessThan(at(lookup![0]));
    expect(at(lookup![0])).toBeLessThan(at('npm test'));
  });

  it('fails its lookup when the helper finds no browser, and passes when it finds one', () => {
    expect(runLookup({ CHROMIUM_PATH: path.join(root, 'no-such-browser') }).status).not.toBe(0);
    expect(runLookup({ CHROMIUM_PATH: process.execPath }).status).toBe(0);
  });
});
