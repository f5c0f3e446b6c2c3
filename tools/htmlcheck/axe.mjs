// Usage: node axe.mjs FILE.html... -> axe-core violations (WCAG 2.1 AA and best practice) per
// file and a total line; exit 1 if any. Runs axe in the headless Chromium named by CHROMIUM.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  // No network of its own: the briefs are checked as files, and nothing else is fetched.
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
// The pages forbid every script (a Content-Security-Policy meta); the checker's own is let in.
const page = await browser.newPage({ bypassCSP: true });
let total = 0;
for (const file of process.argv.slice(2)) {
  await page.goto(pathToFileURL(resolve(file)).href);
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    await axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"] }));
  for (const violation of result.violations) {
    total += violation.nodes.length;
    console.log(`${file}: ${violation.id} (${violation.impact}) x${violation.nodes.length}: ${violation.help}`);
  }
}
await browser.close();
console.log(`axe violations: ${total}`);
process.exit(total ? 1 : 0);
