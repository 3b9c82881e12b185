// `interleave explore` end to end: the CLI serves the page, a real Chromium (Debian's, driven by
// puppeteer-core) picks actions, goes back and forward, runs the check and jumps to the flagship's
// counterexample, searches the reached states and loads a trace file; each check reads what the page shows.
// INTERLEAVE_SCREENSHOT=docs/explore.png writes the screenshot committed to the docs.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const TIMEOUT = 180_000;

let server: ChildProcess;
let url: string;
let browser: Browser;
let page: Page;

/** Starts `interleave explore` and resolves to the URL it prints. */
function startExplore(...args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/interleave.js', 'explore', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /^interleave explore: (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C stops\)\n/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d) => void (err += d));
    child.on('exit', (code) => reject(new Error(`explore exited with ${code}: ${err}`)));
  });
}

const texts = (selector: string) => page.$$eval(selector, (els) => els.map((e) => (e as HTMLElement).innerText.trim()));
const text = (selector: string) => page.$eval(selector, (e) => (e as HTMLElement).innerText.trim());
/** Waits until the element's text is `expected` (the page fetches from the server after each click). */
async function waitText(selector: string, expected: string): Promise<void> {
  await page.waitForFunction((s, t) => (document.querySelector(s) as HTMLElement | null)?.innerText.trim() === t, { timeout: 60_000 }, selector, expected);
}
async function clickButton(container: string, label: string): Promise<void> {
  const buttons = await page.$$(`${container} button`);
  for (const b of buttons) if ((await b.evaluate((e) => e.textContent!.trim())) === label) return b.click();
  throw new Error(`no button ${JSON.stringify(label)} in ${container}: ${JSON.stringify(await texts(`${container} button`))}`);
}

describe('interleave explore in Chromium', () => {
  beforeAll(async () => {
    // CI installs Debian's chromium (.ci/run); its absence is a failure, not a skip
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    ({ child: server, url } = await startExplore('models/migrate.ts', '--variant', 'no-reinvalidate'));
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    page = await browser.newPage();
    await page.setViewport({ width: 1500, height: 1000 });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  it('listens on 127.0.0.1 and shows the run and the two initial states', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await page.goto(url);
    await waitText('[data-testid=run]', 'migrate (variant no-reinvalidate, devices=2, unpopulated=false, liveness=false)');
    await waitText('[data-testid=actions] h2', 'Initial states');
    expect(await texts('[data-testid=enabled] button')).toEqual(['initial state 1', 'initial state 2']);
  }, TIMEOUT);

  it('picks actions: the state as tables with the changed values marked, disabled steps greyed with their lines', async () => {
    await clickButton('[data-testid=enabled]', 'initial state 1');
    await waitText('[data-testid=state] h2', 'State 1');
    expect(await texts('[data-testid=enabled] button')).toEqual([
      'device[Dev0]: fault_readBegin',
      'device[Dev1]: fault_readBegin',
      'migrate[Dev0]: setup_invalidateStart',
      'migrate[Dev1]: setup_invalidateStart',
      'cpuWrite: handleMmFault_write',
    ]);
    expect((await texts('[data-testid=disabled] li')).slice(0, 3)).toEqual([
      'device[Dev0]: fault_hmmRangeFault models/migrate.ts:249',
      'device[Dev1]: fault_hmmRangeFault models/migrate.ts:249',
      'device[Dev0]: fault_mapMirror models/migrate.ts:259',
    ]);
    expect(await page.$$eval('[data-testid=disabled] li', (els) => els.length)).toBe(38);
    expect(await page.$$eval('[data-testid=state] table caption', (els) => els.map((e) => e.textContent))).toEqual([
      'pte', 'sysPage', 'devPage', 'mirror', 'hmmPfn', 'notifier', 'migration', 'ram', 'cpuWriteNew', 'pinned', 'gupRef', 'pc',
    ]);
    await clickButton('[data-testid=enabled]', 'device[Dev0]: fault_readBegin');
    await waitText('[data-testid=state] h2', 'State 2');
    expect(await texts('[data-testid=state] tr.changed')).toEqual([
      'notifier.sub[Dev0].snapshot\tvalidwas none',
      'pc.device[Dev0]\tfault_hmmRangeFaultwas fault_readBegin',
    ]);
    expect(await texts('[data-testid=trace] li')).toEqual(['initial state', 'device[Dev0]: fault_readBegin models/migrate.ts:243']);
  }, TIMEOUT);

  it('goes back and forward', async () => {
    await clickButton('.toolbar', '◀ Back');
    await waitText('[data-testid=state] h2', 'State 1');
    expect(await texts('[data-testid=state] tr.changed')).toEqual([]);
    await clickButton('.toolbar', 'Forward ▶');
    await waitText('[data-testid=state] h2', 'State 2');
    expect(await page.$eval('[data-testid=forward]', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
  }, TIMEOUT);

  it('runs the check and jumps to the stale-zero-page counterexample: 9 states, mirrorCoherent, drawn as a sequence diagram', async () => {
    await clickButton('.toolbar', 'Check properties');
    await waitText('[data-testid=verdict]', 'invariant mirrorCoherent violated');
    await clickButton('.toolbar', 'Jump to the counterexample');
    await waitText('[data-testid=trace] h2', 'Trace, 9 states');
    expect(await texts('[data-testid=trace] li')).toEqual([
      'initial state',
      'migrate[Dev0]: setup_invalidateStart models/migrate.ts:275',
      'migrate[Dev0]: collect models/migrate.ts:276',
      'migrate[Dev0]: setup_invalidateEnd models/migrate.ts:298',
      'device[Dev1]: fault_readBegin models/migrate.ts:243',
      'device[Dev1]: fault_hmmRangeFault models/migrate.ts:249',
      'device[Dev1]: fault_mapMirror models/migrate.ts:259',
      'migrate[Dev0]: allocAndCopy models/migrate.ts:317',
      'migrate[Dev0]: pages_insertPage ✗ mirrorCoherent models/migrate.ts:334',
    ]);
    expect(await text('[data-testid=stopped]')).toBe('The walk stops here: invariant mirrorCoherent violated');
    expect(await texts('[data-testid=state] tr.changed')).toEqual([
      'pte.entry\tdevicePrivatewas zero',
      'pte.page\tdevicewas zero',
      'pte.dev\tDev0was null',
      'devPage[Dev0].refs\t2was 1',
      'devPage[Dev0].mapcount\t1was 0',
      'pc.migrate[Dev0]\tfinalizeAndMapwas pages_insertPage',
    ]);
    // Mermaid renders the diagram in the page: one message per step, the verdict in the last note
    await page.waitForSelector('[data-testid=diagram] svg', { timeout: 60_000 });
    const svg = await page.$eval('[data-testid=diagram] svg', (e) => e.textContent!);
    expect(svg).toContain('9. pages_insertPage');
    expect(svg).toContain('✗ invariant mirrorCoherent violated');
    if (process.env.INTERLEAVE_SCREENSHOT) await page.screenshot({ path: process.env.INTERLEAVE_SCREENSHOT as `${string}.png`, fullPage: true });
  }, TIMEOUT);

  it('searches the reached states', async () => {
    await page.type('[data-testid=search-input]', 'pte.entry=devicePrivate');
    await clickButton('[data-testid=search]', 'Search');
    await waitText('[data-testid=hit-count]', '1 match');
    expect(await texts('[data-testid=hits] li')).toEqual(['state at 0.2.1.1.1.1.1.3.3: pte.entry = devicePrivate']);
    await clickButton('.toolbar', 'Initial states');
    await waitText('[data-testid=actions] h2', 'Initial states');
    await page.click('[data-testid=hits] li');
    await waitText('[data-testid=trace] h2', 'Trace, 9 states');
  }, TIMEOUT);

  it('loads a trace file: the committed counterexample opens at its 9th state', async () => {
    await clickButton('.toolbar', 'Initial states');
    await waitText('[data-testid=actions] h2', 'Initial states');
    const input = await page.$('[data-testid=trace-file]');
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile('counterexamples/migrate/no-reinvalidate.json');
    await waitText('[data-testid=trace] h2', 'Trace, 9 states');
    expect(await text('[data-testid=stopped]')).toBe('The walk stops here: invariant mirrorCoherent violated');
    expect(new URL(page.url()).hash).toBe('#0.2.1.1.1.1.1.3.3');
  }, TIMEOUT);
});
