import { expect, expectAccessible, signIn, test } from './fixtures';

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

for (const language of LANGUAGES) {
  test(`an incident's facts and map in ${language}`, async ({ page, api }) => {
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    const filed = await api.incident(monitor, {
      locations: [
        {
          role: 'origin',
          countryCode: 'KP',
          adminArea: 'North Hamgyong',
          placeName: 'Musan',
          latitude: 42.23,
          longitude: 129.2,
        },
        {
          role: 'transit',
          countryCode: 'KP',
          placeName: 'Rason',
          latitude: 42.26,
          longitude: 130.3,
        },
        {
          role: 'destination',
          countryCode: 'RU',
          placeName: 'Vladivostok',
          latitude: 43.12,
          longitude: 131.9,
        },
      ],
      actors: [
        { name: 'Musan Mine', type: 'organization', role: 'sending employer' },
        { name: 'Chon Ma San', type: 'vessel', imoNumber: '9074729' },
      ],
    });
    await page.addInitScript((chosen) => localStorage.setItem('st-language', chosen), language);
    await signIn(page, monitor);
    await page.goto(`/app/incidents/${filed.id}`);
    const facts = page.locator('section[aria-labelledby="facts"]');
    await expect(facts.getByRole('img').first()).toBeVisible();
    await expectAccessible(page);
    await expect(facts).toHaveScreenshot(`facts-${language}.png`, {
      animations: 'disabled',
      caret: 'hide',
      maxDiffPixelRatio: 0.01,
    });
  });
}
