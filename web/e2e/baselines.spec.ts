import { expect, expectAccessible, test } from './fixtures';

/**
 * Screens kept as picture baselines in the three languages: a change of layout, font or
 * wording shows up as a diff to look at, not only as a failing locator.
 */
const LANGUAGES = ['en', 'ko', 'ru'] as const;
const WIDTHS = [1280, 390] as const;

for (const language of LANGUAGES) {
  for (const width of WIDTHS) {
    test(`the sign-in page in ${language} at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 });
      await page.addInitScript((chosen) => localStorage.setItem('st-language', chosen), language);
      await page.goto('/app/sign-in');
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expect(page.locator('button[type="submit"]')).toBeVisible();
      await expectAccessible(page);
      await expect(page).toHaveScreenshot(`sign-in-${language}-${width}.png`, {
        fullPage: true,
        animations: 'disabled',
        caret: 'hide',
        maxDiffPixelRatio: 0.01,
      });
    });
  }
}
