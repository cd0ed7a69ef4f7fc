import AxeBuilder from '@axe-core/playwright';
import { APIRequestContext, expect, Page, request, test as base } from '@playwright/test';
import { ADMIN } from './global-setup';

/** The browser logs every 4xx answer as a console error; those are the API answering. */
const API_ANSWER = /Failed to load resource: the server responded with a status of 4\d\d/;

export interface Person {
  id: string;
  email: string;
  password: string;
  displayName: string;
}

/** Sets up data the way users would: through the HTTP API, as an admin (body mode). */
export class Api {
  private token = '';
  private counter = 0;

  constructor(readonly http: APIRequestContext) {}

  static async start(baseURL: string): Promise<Api> {
    const api = new Api(await request.newContext({ baseURL }));
    const login = await api.http.post('/api/v1/auth/login', { data: ADMIN });
    expect(login.status()).toBe(200);
    api.token = ((await login.json()) as { accessToken: string }).accessToken;
    return api;
  }

  headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  async user(roles: string[], name?: string): Promise<Person> {
    this.counter += 1;
    const unique = `${Date.now().toString(36)}${this.counter}`;
    const person = {
      email: `${roles.join('-')}-${unique}@example.org`,
      password: 'a password for the e2e flows',
      displayName: name ?? `${roles.join(' ')} ${unique}`,
    };
    const created = await this.http.post('/api/v1/users', {
      headers: this.headers(),
      data: { ...person, roles },
    });
    expect(created.status()).toBe(201);
    return { ...person, id: ((await created.json()) as { id: string }).id };
  }

  /** Files an incident as `person` (a monitor), answering its id and reference. */
  async incident(
    person: Person,
    overrides: Record<string, unknown> = {},
  ): Promise<{ id: string; reference: string }> {
    const login = await this.http.post('/api/v1/auth/login', {
      data: { email: person.email, password: person.password },
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const created = await this.http.post('/api/v1/incidents', {
      headers: { authorization: `Bearer ${accessToken}` },
      data: {
        title: 'Musan mine workers sent to Russia',
        summary: 'About 100 workers of the Musan mine left for Russia via Rason in January 2025.',
        regime: 'UN-1718',
        category: 'overseas_labor',
        provisions: ['UNSCR-2375-OP17', 'UNSCR-2397-OP8'],
        occurredFrom: '2025-01-12',
        occurredTo: '2025-01-29',
        datePrecision: 'day',
        locations: [
          { role: 'origin', countryCode: 'KP', adminArea: 'North Hamgyong', placeName: 'Musan' },
          { role: 'destination', countryCode: 'RU' },
        ],
        actors: [{ name: 'Musan Mine', type: 'organization', role: 'sending employer' }],
        quantities: [{ value: 100, unit: 'workers', approximate: true }],
        tags: ['labor-export'],
        ...overrides,
      },
    });
    expect(created.status()).toBe(201);
    return (await created.json()) as { id: string; reference: string };
  }
}

/** Signs in through the form, as a user would. */
export async function signIn(
  page: Page,
  person: { email: string; password: string },
): Promise<void> {
  await page.goto('/app/');
  await page.getByLabel(/E-mail address|이메일 주소|Адрес электронной почты/).fill(person.email);
  await page.locator('input[autocomplete="current-password"]').fill(person.password);
  await page.locator('button[type="submit"]').click();
  await expect(page.getByRole('navigation')).toBeVisible();
}

/** No violation of WCAG 2.2 AA that axe can find on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(
    result.violations.map((violation) => ({
      id: violation.id,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    })),
  ).toEqual([]);
}

/**
 * Every test fails on a CSP violation, a request leaving the app's origin, a script error or a
 * console error other than the browser's note of an API's 4xx answer.
 */
export const test = base.extend<{ api: Api }>({
  baseURL: async ({}, use) => {
    await use(process.env.E2E_BASE_URL);
  },
  page: async ({ page, baseURL }, use) => {
    const problems: string[] = [];
    const origin = new URL(baseURL!).origin;
    page.on('request', (sent) => {
      const url = sent.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        problems.push(`request leaving the origin: ${url}`);
      }
    });
    page.on('console', (message) => {
      if (message.type() === 'error' && !API_ANSWER.test(message.text())) {
        problems.push(`console error: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
      });
    });
    await use(page);
    expect(problems).toEqual([]);
  },
  api: async ({ baseURL }, use) => {
    const api = await Api.start(baseURL!);
    await use(api);
    await api.http.dispose();
  },
});

export { expect };
