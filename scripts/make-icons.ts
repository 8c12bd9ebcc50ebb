// Renders the app icons from the one SVG source with Debian's Chromium (playwright-core, no
// browser download): build/icon.png (512×512, electron-builder) and resources/icon.png (the
// window icon). Run `npx tsx scripts/make-icons.ts` after changing resources/icon.svg; the PNGs
// are committed.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

async function main(): Promise<void> {
  const svg = readFileSync(resolve(repoRoot, 'resources/icon.svg'), 'utf8');
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    for (const [out, size] of [['build/icon.png', 512], ['resources/icon.png', 256]] as const) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      const html = `<!doctype html><html><body style="margin:0;background:transparent">${svg.replace(/<\?xml[^>]*>/, '').replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`;
      await page.setContent(html);
      await page.screenshot({ path: resolve(repoRoot, out), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
      await page.close();
      process.stdout.write(`${out} ${size}x${size}\n`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`make-icons failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
