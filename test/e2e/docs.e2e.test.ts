// GET /docs in a real headless Chromium: Swagger UI loads from our own functions (no internet), lists every
// route of the document, and "Try it out" calls the API on the same origin. Screenshot: test/artifacts/docs.png.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { config } from '#shared/config/index';
import { openApiDocument, type Operation } from '#shared/openapi/document';
import { launchBrowser } from '../helpers/browser';
import { tokenWithScope } from '../helpers/tokens';
import { baseUrl } from '../stage';

const screenshot = path.resolve(__dirname, '..', 'artifacts', 'docs.png');
const document = openApiDocument(config());
const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods) as Operation[]);

describe('the /docs page in a browser', () => {
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const offOrigin: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    context = browser.context;
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (sent) => {
      if (!sent.url().startsWith(baseUrl) && !sent.url().startsWith('data:')) offOrigin.push(sent.url());
    });
    await page.goto(`${baseUrl}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('lists every route of the document', async () => {
    const listed = await page.locator('.opblock').evaluateAll((blocks) => blocks.map((block) => block.id));
    const expected = operations.map((operation) => `operations-${(operation.tags as string[])[0]}-${operation.operationId}`);
    expect(listed.sort()).toEqual(expected.sort());
  });

  it('runs "Try it out" on the factorial route and shows 120 for 5', async () => {
    const block = page.locator('#operations-factorial-getFactorial');
    await block.locator('.opblock-summary').click();
    await block.getByRole('button', { name: 'Try it out' }).click();
    await block.locator('tr[data-param-name="number"] input').fill('5');
    await block.locator('button.execute').click();
    const body = block.locator('.live-responses-table .response-col_description .highlight-code pre');
    await body.waitFor({ timeout: 15_000 });
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(JSON.parse(await body.innerText())).toEqual({ number: 5, factorial: 120 });
    expect(await block.locator('.live-responses-table tr.response .response-col_status').innerText()).toBe('200');
  });

  it('sends the token from the Authorize box with "Try it out" on a protected route', async () => {
    await page.locator('.scheme-container button.authorize').click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input').first().fill(await tokenWithScope('assets:write'));
    await dialog.locator('.auth-btn-wrapper button.authorize').click();
    await dialog.locator('button.btn-done').click();

    const block = page.locator('#operations-assets-createAnalyst');
    await block.locator('.opblock-summary').click();
    await block.getByRole('button', { name: 'Try it out' }).click();
    await block.locator('textarea.body-param__text').fill(JSON.stringify({ name: 'Docs Browser', company: 'Swagger Ltd' }));
    await block.locator('button.execute').click();
    const status = block.locator('.live-responses-table tr.response .response-col_status');
    await status.waitFor({ timeout: 15_000 });
    expect(await status.innerText()).toBe('201');
    const body = block.locator('.live-responses-table .response-col_description .highlight-code pre');
    expect(JSON.parse(await body.innerText())).toMatchObject({ name: 'Docs Browser', company: 'Swagger Ltd' });
  });

  it('loads everything from its own origin, with no script error or blocked resource', () => {
    expect(offOrigin).toEqual([]);
    expect(problems).toEqual([]);
  });
});
