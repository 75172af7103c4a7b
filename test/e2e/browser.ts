// What every browser test shares: the Chromium it drives (and when to skip), one way to open a page,
// to wait for data instead of placeholders, to check the phone layout, to screenshot and to log in.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';
import { describe, expect } from 'vitest';

export const chromiumPath = '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
export const demoPassword = 'Demo@12345';

const repoRoot = path.resolve(import.meta.dirname, '../..');
export const screensDir = path.join(repoRoot, 'test/artifacts/screens');

export const desktop = { width: 1280, height: 800 };
export const phone = { width: 390, height: 844 };

/**
 * The suite's describe and title: without Chromium it is skipped locally (the title says how to get
 * it), but on CI a missing browser is a failure, not a pass (see launchBrowser).
 */
export function chromiumSuite(name: string) {
  return {
    suite: hasChromium || process.env.CI === 'true' ? describe : describe.skip,
    title: hasChromium
      ? `${name} in Chromium`
      : `${name} in Chromium (skipped: ${chromiumPath} not found; apt-get install -y chromium fonts-noto-cjk)`,
  };
}

/** Debian's Chromium, headless; each launch gets a fresh temporary profile that is deleted on close. */
export async function launchBrowser(): Promise<Browser> {
  if (!hasChromium) throw new Error(`CI=true but ${chromiumPath} is missing: install Debian's chromium and fonts-noto-cjk`);
  await mkdir(screensDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // No optimizing compiler for the storefront's script: a test page lives seconds, and the optimizer's
      // compiles (on Chromium's other threads) cost more than they win back. Renderer CPU over one browser file:
      // 59.9 → 50.7 s; the pages behave the same, only their script runs unoptimized.
      '--js-flags=--max-opt=1',
    ],
  });
}

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page: a test ends by expecting none. */
  pageErrors: string[];
}

/** A fresh context (no cookies, no stored language) at desktop width, in Chinese and Beijing time. */
export async function openContext(browser: Browser, options: { acceptDownloads?: boolean } = {}): Promise<OpenPage> {
  const context = await browser.newContext({
    viewport: desktop,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // As a person who asked for less motion: the storefront then draws no zooming modal or sliding drawer and
    // no looping spinner (App.tsx, styles.css), so a click never lands mid-animation (a CI flake before), and
    // Chromium repaints less while a step waits on the server (its CPU over one file: 23.7 → 21.4 s).
    reducedMotion: 'reduce',
    ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, pageErrors };
}

/** Waits until no skeleton or spinner is left, so the screenshot shows data, not placeholders. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.ant-skeleton, .ant-spin-spinning, .ant-spin-blur').count(), { timeout: 15_000 }).toBe(0);
}

/** Nothing may stick out sideways at phone width (wide tables scroll inside their own box). */
export async function expectNoHorizontalOverflow(page: Page, label = ''): Promise<void> {
  // After a viewport change antd re-lays tables out from ResizeObserver callbacks: give the layout a
  // moment to settle, and fail only if the page still sticks out. A string, not a function: this file
  // is type-checked without the DOM library.
  await expect
    .poll(() => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'), {
      timeout: 5_000,
      interval: 200,
      message: `${label} sticks out sideways: ${await page.evaluate<string>(widestElements)}`,
    })
    .toBeLessThanOrEqual(0);
}

/** The deepest elements whose right edge passes the window, named by tag, class and text, for the failure message. */
const widestElements = `(() => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && ![...e.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 1))
  .filter((e) => !e.closest('.ant-table-content, .ant-table-body, [data-scroll-x]'))
  .slice(0, 5)
  .map((e) => e.tagName.toLowerCase() + '.' + String(e.className).split(' ')[0] + ' «' + (e.textContent || '').trim().slice(0, 30) + '»')
  .join('; '))()`;

/**
 * Screenshots of what a step shows are for people reading a local run; CI keeps no artifacts (it runs on a
 * clean clone that is deleted afterwards), so there they are taken only with SCREENSHOTS=1. A whole-page one
 * took 0.2–0.5 s (four pages measured), and a run takes 187. The visual test's baselines are compared always.
 */
const takeScreenshots = process.env.CI !== 'true' || process.env.SCREENSHOTS === '1';

/** test/artifacts/screens/<name>.png, the whole page unless told otherwise. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  if (!takeScreenshots) return;
  await page.screenshot({ path: path.join(screensDir, `${name}.png`), fullPage, animations: 'disabled' });
}

export interface LoginAnswer {
  organization: { id: string; name: string };
  user: { id: string; roles: string[] };
}

/** Logs in through the form, expects a 200 and the landing on `home`; returns the session the API gave. */
export async function login(page: Page, baseUrl: string, username: string, home: string, password = demoPassword): Promise<LoginAnswer> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/login' && r.request().method() === 'POST');
  await page.locator('form button[type="submit"]').click();
  const response = await answer;
  expect(response.status()).toBe(200);
  await page.waitForURL((url) => url.pathname === home);
  return (await response.json()) as LoginAnswer;
}

/**
 * A button's accessible name: antd puts a space between two Chinese characters ("确 认"), and an icon
 * adds its own label in front ("check 确 认"); this matches the text either way.
 */
export function label(text: string): RegExp {
  return new RegExp(`(^|\\s)${[...text].join('\\s?')}$`);
}

/** Types a day into an antd DatePicker and commits it. */
export async function pickDate(input: Locator, day: string): Promise<void> {
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(day);
}

/** Chooses a supplier in the search-as-you-type picker (#supplierId) of a form. */
export async function pickSupplier(page: Page, scope: Locator, name: string): Promise<void> {
  const input = scope.locator('#supplierId');
  await input.click();
  await input.fill(name.slice(0, 6));
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).first();
  await option.waitFor();
  await option.click();
}

/**
 * page.waitForResponse whose rejection is handled even if a failed step never awaits it (the page closes
 * first): a retried test then leaves no unhandled rejection behind. Awaiting it still rejects.
 */
export function expectResponse(page: Page, predicate: (response: Response) => boolean | Promise<boolean>): Promise<Response> {
  const answer = page.waitForResponse(predicate);
  answer.catch(() => undefined);
  return answer;
}

/**
 * Answers the open Popconfirm with its button once the popover has finished appearing: a click while it still
 * zooms in can land on nothing, and the request is never sent (seen in CI, a 30 s wait for a response).
 */
export async function confirmPopover(page: Page, button: string): Promise<void> {
  const popover = page.locator('.ant-popconfirm:visible');
  await popover.waitFor();
  await animationsDone(page);
  await popover.getByRole('button', { name: label(button) }).click();
}

/**
 * Waits until no CSS animation or transition runs (a modal zooming in, a list fading in): a field filled or
 * a colour measured mid-animation is not what the user gets once the page is still.
 */
export async function animationsDone(page: Page): Promise<void> {
  await page.evaluate('Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)))');
}

/**
 * Signs in over HTTP as the storefront does: the session cookie and the CSRF token to send back, or the
 * status when the login was refused. For steps that call the API beside the browser.
 */
export async function loginOverHttp(
  baseUrl: string,
  username: string,
  password: string,
): Promise<{ status: number; cookie: string; csrfToken: string }> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) return { status: res.status, cookie: '', csrfToken: '' };
  const cookie =
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith('jicai_sid='))
      ?.split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { status: 200, cookie, csrfToken };
}
