import { Page } from '@playwright/test';
import { Api, expect, expectAccessible, Person, signIn, test } from './fixtures';

/** What a user reads on the form, in each language the flow runs in. */
const WORDS = {
  en: {
    language: 'English',
    newIncident: 'New incident',
    title: 'Title',
    summary: 'Internal summary',
    regime: 'Sanctions regime',
    category: 'Category',
    provisions: 'Provisions possibly breached',
    month: 'Month',
    fromMonth: 'From (month)',
    addLocation: 'Add a location',
    location: (n: number) => `Location ${n}`,
    role: 'Role of the place',
    origin: 'Origin',
    destination: 'Destination',
    country: 'Country',
    northKorea: 'North Korea',
    russia: 'Russia',
    place: 'Place',
    addActor: 'Add an actor',
    actor: 'Actor 1',
    name: 'Name',
    type: 'Type',
    vessel: 'vessel',
    imo: 'IMO number',
    badImo: /check digit is 8, but the first six digits call for 9/,
    addQuantity: 'Add a quantity',
    number: 'Number',
    unit: 'Unit',
    approximate: 'Approximate (about)',
    tags: 'Tags',
    file: 'File the incident',
    duplicate: /is filed: is it a duplicate\?/,
    score: /(Very|Quite|Somewhat) similar \(\d+% match of title and summary\)/,
    compare: (reference: string) => `Compare with ${reference}`,
    differs: 'Differs',
    goOn: (reference: string) => `Go on to ${reference}`,
    origins: 'Origin: Musan, North Korea',
    destinations: 'Destination: Russia',
    about: 'about 100 workers',
    january: 'January 2025',
    history: 'History',
    filed: (reference: string) => `filed the incident as ${reference}.`,
  },
  ko: {
    language: '한국어',
    newIncident: '새 사건',
    title: '제목',
    summary: '내부 요약',
    regime: '제재 체제',
    category: '분류',
    provisions: '위반 가능성이 있는 조항',
    month: '월',
    fromMonth: '시작 (월)',
    addLocation: '장소 추가',
    location: (n: number) => `장소 ${n}`,
    role: '장소의 역할',
    origin: '출발지',
    destination: '목적지',
    country: '국가',
    northKorea: '북한',
    russia: '러시아',
    place: '지명',
    addActor: '행위자 추가',
    actor: '행위자 1',
    name: '이름',
    type: '유형',
    vessel: '선박',
    imo: 'IMO 번호',
    badImo: /검사 숫자가 8이지만 앞의 여섯 자리로 계산하면 9여야/,
    addQuantity: '수량 추가',
    number: '수',
    unit: '단위',
    approximate: '대략 (약)',
    tags: '태그',
    file: '사건 등록',
    duplicate: /등록됨: 중복입니까\?/,
    score: /비슷함 \(제목과 요약 \d+% 일치\)/,
    compare: (reference: string) => `${reference}와(과) 비교`,
    differs: '다름',
    goOn: (reference: string) => `${reference}(으)로 계속`,
    origins: /출발지: Musan, 북한/,
    destinations: /목적지: 러시아/,
    about: /100/,
    january: '2025년 1월',
    history: '이력',
    filed: (reference: string) => `님이 사건을 ${reference}(으)로 등록했습니다.`,
  },
  ru: {
    language: 'Русский',
    newIncident: 'Новый инцидент',
    title: 'Заголовок',
    summary: 'Внутреннее описание',
    regime: 'Санкционный режим',
    category: 'Категория',
    provisions: 'Возможно нарушенные положения',
    month: 'Месяц',
    fromMonth: 'С (месяц)',
    addLocation: 'Добавить место',
    location: (n: number) => `Место ${n}`,
    role: 'Роль места',
    origin: 'Откуда',
    destination: 'Куда',
    country: 'Страна',
    northKorea: 'КНДР',
    russia: 'Россия',
    place: 'Населённый пункт',
    addActor: 'Добавить участника',
    actor: 'Участник 1',
    name: 'Имя или название',
    type: 'Тип',
    vessel: 'судно',
    imo: 'Номер ИМО',
    badImo: /контрольная цифра 8, а по первым шести цифрам должна быть 9/,
    addQuantity: 'Добавить количество',
    number: 'Число',
    unit: 'Единица',
    approximate: 'Приблизительно (около)',
    tags: 'Метки',
    file: 'Зарегистрировать инцидент',
    duplicate: /зарегистрирован: не дубликат ли\?/,
    score: /похож \(совпадение заголовка и описания \d+\s?%\)/,
    compare: (reference: string) => `Сравнить с ${reference}`,
    differs: 'Отличается',
    goOn: (reference: string) => `Перейти к ${reference}`,
    origins: /Откуда: Musan, КНДР/,
    destinations: /Куда: Россия/,
    about: /100/,
    january: /январь 2025/,
    history: 'История',
    filed: (reference: string) => `инцидент зарегистрирован как ${reference}.`,
  },
} as const;

type Words = (typeof WORDS)[keyof typeof WORDS];

async function pick(
  page: Page,
  field: string,
  option: string | RegExp,
  within = page.locator('body'),
) {
  await within.getByRole('combobox', { name: field, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Fills the Musan case into the form as a monitor would, checking the IMO digit on the way. */
async function fillMusan(page: Page, words: Words, title: string) {
  await page.getByRole('textbox', { name: words.title }).fill(title);
  await page
    .getByRole('textbox', { name: words.summary })
    .fill('About 100 workers of the Musan mine left for Russia via Rason in January 2025.');
  await pick(page, words.regime, /Democratic People's Republic of Korea/);
  await pick(page, words.category, 'Overseas workers earning income abroad');
  await pick(page, words.provisions, 'UNSCR 2397 (2017) OP8');
  await page.keyboard.press('Escape');
  await page.getByRole('radio', { name: words.month, exact: true }).check();
  await page.getByLabel(words.fromMonth).fill('2025-01');

  await page.getByRole('button', { name: words.addLocation }).click();
  const first = page.getByRole('group', { name: words.location(1) });
  await first.getByRole('combobox', { name: words.role }).selectOption({ label: words.origin });
  await first.getByRole('combobox', { name: words.country }).fill(words.northKorea);
  await page.getByRole('option', { name: words.northKorea, exact: true }).click();
  await first.getByRole('textbox', { name: words.place }).fill('Musan');
  await page.getByRole('button', { name: words.addLocation }).click();
  const second = page.getByRole('group', { name: words.location(2) });
  await second
    .getByRole('combobox', { name: words.role })
    .selectOption({ label: words.destination });
  await second.getByRole('combobox', { name: words.country }).fill(words.russia);
  await page.getByRole('option', { name: words.russia, exact: true }).click();

  await page.getByRole('button', { name: words.addActor }).click();
  const actor = page.getByRole('group', { name: words.actor });
  await actor.getByRole('textbox', { name: words.name }).fill('Chon Ma San');
  await actor.getByRole('combobox', { name: words.type }).selectOption({ label: words.vessel });
  const imo = actor.getByRole('textbox', { name: words.imo });
  // A wrong check digit is refused as it is typed, in words.
  await imo.fill('9074728');
  await expect(actor.getByText(words.badImo)).toBeVisible();
  await expect(imo).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await imo.fill('9074729');
  await expect(actor.getByText(words.badImo)).toBeHidden();
  await expect(imo).not.toHaveAttribute('aria-invalid', 'true');

  await page.getByRole('button', { name: words.addQuantity }).click();
  await page.getByRole('textbox', { name: words.number, exact: true }).fill('100');
  await page.getByRole('textbox', { name: words.unit, exact: true }).fill('workers');
  await page.getByRole('checkbox', { name: words.approximate }).check();
  await page.getByRole('combobox', { name: words.tags }).fill('labor-export');
  await page.keyboard.press('Enter');
}

async function fileMusan(page: Page, api: Api, monitor: Person, language: keyof typeof WORDS) {
  const words = WORDS[language];
  // Other flows file Musan cases too: a title of its own makes this pair each other's closest.
  const title = `Musan mine workers sent to Russia in January 2025, case ${Date.now().toString(36)}`;
  const earlier = await api.incident(monitor, {
    title,
    summary: 'About 100 workers of the Musan mine left for Russia via Rason in January 2025.',
    occurredFrom: '2025-01',
    occurredTo: '2025-01',
    datePrecision: 'month',
  });
  await signIn(page, monitor);
  if (language !== 'en') {
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: words.language });
  }
  await page.getByRole('navigation').getByRole('link', { name: words.newIncident }).click();
  await expect(page.getByRole('heading', { name: words.newIncident, level: 1 })).toBeVisible();
  await expectAccessible(page);
  await fillMusan(page, words, title);
  await expectAccessible(page);
  await page.getByRole('button', { name: words.file }).click();

  // Its possible duplicates, with their scores in words, and a compare before going on.
  await expect(page.getByRole('heading', { name: words.duplicate, level: 1 })).toBeVisible();
  const duplicate = page.getByRole('article', { name: earlier.reference });
  await expect(duplicate).toContainText(title);
  await expect(duplicate).toContainText(words.score);
  await expectAccessible(page);
  await duplicate.getByRole('button', { name: words.compare(earlier.reference) }).click();
  const table = duplicate.getByRole('table');
  await expect(table.getByRole('columnheader', { name: earlier.reference })).toBeVisible();
  await expect(table.getByText(words.differs).first()).toBeVisible();
  await expect(table).toContainText('Chon Ma San');
  await expectAccessible(page);
  const filed = (await page.getByRole('heading', { level: 1 }).textContent())!.match(
    /INC-\d{4}-\d{4}/,
  )![0];
  await page.getByRole('button', { name: words.goOn(filed) }).click();

  // The filed incident's facts and its history.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText(words.origins)).toBeVisible();
  await expect(page.getByText(words.destinations)).toBeVisible();
  await expect(page.getByText(words.about).first()).toBeVisible();
  await expect(page.getByText(words.january).first()).toBeVisible();
  await expect(page.getByText(/Chon Ma San/).first()).toBeVisible();
  const history = page.getByRole('region', { name: words.history });
  await expect(history).toContainText(words.filed(filed));
  await expectAccessible(page);
  return { filed, earlier };
}

test.describe('the incident form', () => {
  test('a monitor files the Musan case, sees its possible duplicate compared, then its facts and history', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    await fileMusan(page, api, monitor, 'en');
    await expect(page.getByText('Mira Monitor filed the incident as')).toBeVisible();
  });

  test('files the same case in Korean', async ({ page, api }) => {
    const monitor = await api.user(['monitor'], 'Kim Monitor');
    await fileMusan(page, api, monitor, 'ko');
  });

  test('files the same case in Russian', async ({ page, api }) => {
    const monitor = await api.user(['monitor'], 'Ivan Monitor');
    await fileMusan(page, api, monitor, 'ru');
  });

  test("puts the server's 400 on the field it names", async ({ page, api }) => {
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    // A provision an admin retires while the form is open: only the server can know.
    const created = await api.http.post('/api/v1/reference/provisions', {
      headers: api.headers(),
      data: {
        code: 'UNSCR-2397-OP99',
        regime: 'UN-1718',
        resolution: '2397 (2017)',
        paragraph: 'OP99',
        summary: 'A provision made for this test',
      },
    });
    expect(created.status()).toBe(201);
    await signIn(page, monitor);
    await page.getByRole('main').getByRole('link', { name: 'New incident' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill('Workers at a Vladivostok site');
    await pick(page, 'Sanctions regime', /Democratic People's Republic of Korea/);
    await pick(page, 'Category', 'Overseas workers earning income abroad');
    await pick(page, 'Provisions possibly breached', 'UNSCR 2397 (2017) OP99');
    await page.keyboard.press('Escape');
    await page.getByLabel('From (day)').fill('2025-03-04');

    const retired = await api.http.patch('/api/v1/reference/provisions/UNSCR-2397-OP99', {
      headers: api.headers(),
      data: { active: false, version: ((await created.json()) as { version: number }).version },
    });
    expect(retired.status()).toBe(200);
    expect(((await retired.json()) as { active: boolean }).active).toBe(false);

    await page.getByRole('button', { name: 'File the incident' }).click();
    const provisions = page.getByRole('combobox', { name: 'Provisions possibly breached' });
    await expect(provisions).toHaveAttribute('aria-invalid', 'true');
    const described = await provisions.getAttribute('aria-describedby');
    const error = page.locator(
      `[id="${described!.split(' ').find((id) => id.endsWith('error'))}"]`,
    );
    await expect(error).toContainText('The service refused this:');
    await expect(error).toContainText('UNSCR-2397-OP99');
    await expect(page.getByRole('alert')).toContainText('1 field needs attention');
    await expect(page).toHaveURL(/\/app\/incidents\/new$/);
    await expectAccessible(page);
  });

  test('an edit refused as stale shows what changed, and re-applying saves both changes', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    const filed = await api.incident(monitor, { title: 'Workers at a Vladivostok site' });
    await signIn(page, monitor);
    await page.goto(`/app/incidents/${filed.id}`);
    await page.getByRole('link', { name: 'Edit this incident' }).click();
    await expect(page.getByRole('heading', { name: `Edit ${filed.reference}` })).toBeVisible();
    await expectAccessible(page);
    await page
      .getByRole('textbox', { name: 'Title' })
      .fill('Workers at a Vladivostok building site');

    // Someone else changes the summary meanwhile.
    const other = await api.http.patch(`/api/v1/incidents/${filed.id}`, {
      headers: api.headers(),
      data: { summary: 'Seen by two witnesses in March.', version: 1 },
    });
    expect(other.status()).toBe(200);
    expect(((await other.json()) as { version: number }).version).toBe(2);

    await page.getByRole('button', { name: 'Save changes' }).click();
    const merge = page.getByRole('region', { name: /Someone changed this incident/ });
    await expect(merge.getByRole('alert')).toContainText('nothing you typed is lost');
    const theirs = merge.getByRole('region', { name: 'Changed since you opened it' });
    await expect(theirs).toContainText('changed: Internal summary.');
    await expect(theirs).toContainText('→ Seen by two witnesses in March.');
    const mine = merge.getByRole('region', { name: 'Your changes, not saved yet' });
    await expect(mine).toContainText(
      'Title: Workers at a Vladivostok site → Workers at a Vladivostok building site',
    );
    await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue(
      'Workers at a Vladivostok building site',
    );
    await expectAccessible(page);

    await merge.getByRole('button', { name: 'Re-apply my changes and save' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Workers at a Vladivostok building site',
    );
    await expect(page.getByText('Seen by two witnesses in March.', { exact: true })).toBeVisible();
    const history = page.getByRole('region', { name: 'History' });
    await expect(history).toContainText('Mira Monitor changed: Title.');
    await expect(history).toContainText('changed: Internal summary.');

    const saved = await api.http.get(`/api/v1/incidents/${filed.id}`, { headers: api.headers() });
    const body = (await saved.json()) as { title: string; summary: string; version: number };
    expect(body).toMatchObject({
      title: 'Workers at a Vladivostok building site',
      summary: 'Seen by two witnesses in March.',
      version: 3,
    });
  });

  test('a monitor who did not file an incident cannot edit it, and is told why', async ({
    page,
    api,
  }) => {
    const author = await api.user(['monitor'], 'Mira Monitor');
    const other = await api.user(['monitor'], 'Oleg Monitor');
    const filed = await api.incident(author);
    await signIn(page, other);
    await page.goto(`/app/incidents/${filed.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Musan mine workers sent to Russia',
    );
    await expect(page.getByRole('link', { name: 'Edit this incident' })).toHaveCount(0);
    await expect(page.getByRole('note').first()).toHaveText(
      'Only the monitor who filed this incident, or an admin, can edit it while it is in intake.',
    );
    await page.goto(`/app/incidents/${filed.id}/edit`);
    await expect(page.getByRole('note')).toHaveText(
      'Only the monitor who filed this incident, or an admin, can edit it while it is in intake.',
    );
    await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
    await expectAccessible(page);
  });

  test('a location’s point is picked with a click on the offline map, or typed', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    await signIn(page, monitor);
    await page.goto('/app/incidents/new');
    await page.getByRole('button', { name: 'Add a location' }).click();
    const location = page.getByRole('group', { name: 'Location 1' });
    const latitude = location.getByRole('textbox', { name: 'Latitude' });
    const longitude = location.getByRole('textbox', { name: 'Longitude' });
    await expect(latitude).toHaveValue('');
    await location.getByRole('button', { name: 'Pick the point on the map' }).click();
    const map = location.getByRole('img', { name: 'Map: click to place the point' });
    await expect(map).toBeVisible();
    await expectAccessible(page);
    // A click a little north-east of the map's centre: a point in the northern and eastern halves.
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.4);
    await expect(latitude).not.toHaveValue('');
    expect(Number(await latitude.inputValue())).toBeGreaterThan(0);
    expect(Number(await longitude.inputValue())).toBeGreaterThan(0);
    // Typed values stay the keyboard's way, checked like any field.
    await latitude.fill('142');
    await latitude.blur();
    await page.getByRole('button', { name: 'File the incident' }).click();
    await expect(location.getByText('A latitude lies between −90 and 90.')).toBeVisible();
    await location.getByRole('button', { name: 'Hide the map' }).click();
    await expect(map).toBeHidden();
  });
});
