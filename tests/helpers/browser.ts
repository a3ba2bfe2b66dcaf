import fs from 'fs';
import path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './strapi';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Where the browser tests keep their screenshots: `test-results/screenshots/<suite>/`. */
export const SCREENSHOTS_ROOT = path.join(ROOT, 'test-results', 'screenshots');

/** Headless Chromium as this machine can run it (no sandbox as root, no GPU, no calls home). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

type Violation = { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> };

/**
 * axe-core on the page as it is now, by the WCAG 2.1 A and AA rules: every violation (as
 * `name: impact id (count)`) pushed to `findings`, and the test failed by any serious or critical
 * one. The page must allow the injected script (a context with `bypassCSP` where a CSP forbids it).
 * `minPasses`: more rules than this must have passed, proof that axe ran on a page with content.
 * `within`: a CSS selector: only that part of the page (this project's own part of a page of Strapi's admin).
 */
export async function expectAccessible(page: Page, name: string, findings: string[] = [], minPasses = 10, within?: string): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const context = within ? `{ include: [[${JSON.stringify(within)}]] }` : 'document';
  const { violations, passes } = (await page.evaluate(
    `axe.run(${context}, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((result) => ({ violations: result.violations, passes: result.passes.length }))`
  )) as { violations: Violation[]; passes: number };
  expect(passes).toBeGreaterThan(minPasses); // axe ran its rules on this page
  for (const violation of violations) findings.push(`${name}: ${violation.impact} ${violation.id} (${violation.nodes.length})`);
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Numbered screenshots of a suite's steps (`01-login.png`, `02-…`), in a folder emptied when the suite starts. */
export class Screenshots {
  readonly dir: string;
  private count = 0;

  constructor(suite: string) {
    this.dir = path.join(SCREENSHOTS_ROOT, suite);
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
  }

  async take(page: Page, step: string): Promise<string> {
    this.count += 1;
    const file = path.join(this.dir, `${String(this.count).padStart(2, '0')}-${step}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }

  list(): string[] {
    return fs.readdirSync(this.dir).sort();
  }
}
