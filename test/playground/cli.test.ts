/**
 * `wabc playground` as a user starts it: the built executable serves the page on the URL it prints, and
 * a headless browser sends a template chosen from the dropdown, sees it read in the phone, replies as
 * the customer and sees the reply's event — with nothing beyond 127.0.0.1. Ctrl-C stops it with 0.
 */
import { jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { builtFile } from '../helpers/build.js';
import { openBrowser, type TestBrowser } from './browser.js';
import { replyAsCustomer, seeTemplateRead, sendTemplate } from './steps.js';

jest.setTimeout(120_000);

let child: ChildProcess;
let url: string;
let output = '';
let browser: TestBrowser;

beforeAll(async () => {
  builtFile('dist/playground/index.html');
  child = spawn(process.execPath, [builtFile(), 'playground', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  url = await new Promise<string>((resolve, reject) => {
    const seen = (c: Buffer) => {
      output += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (m) resolve(m[0]);
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.on('exit', () => reject(new Error(`wabc playground exited: ${output}`)));
  });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

test('the printed URL serves the page; a template goes out, is read, and the reply comes back as an event', async () => {
  expect(output).toMatch(/WhatsApp playground on http:\/\/127\.0\.0\.1:\d+/);
  const page = await browser.context.newPage();
  await page.goto(url);
  await sendTemplate(page, '+16315551234');
  await seeTemplateRead(page);
  await replyAsCustomer(page, 'Lovely, thank you', '+16315551234');
  expect(browser.outside).toEqual([]);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
});
