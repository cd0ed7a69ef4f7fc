import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { components } from '../../api/schema';
import { setupI18n } from '../../i18n/for-tests';
import { ScreeningPanel } from './ScreeningPanel';
import type { IncidentScreening } from './screening-rules';

type Incident = components['schemas']['IncidentDto'];

const me = { id: 'verifier', email: 'v@example.org', displayName: 'Vera', roles: ['verifier'] };
const calls = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../../app/use-session', () => ({ useMe: () => me }));
vi.mock('../../api/client', async (original) => ({
  ...(await original<typeof import('../../api/client')>()),
  api: calls,
}));
vi.mock('@tanstack/react-router', () => ({ useRouterState: () => '' }));
vi.mock('../../ui/links', () => ({
  AnchorLink: ({
    children,
    'aria-label': label,
  }: {
    children: ReactNode;
    'aria-label'?: string;
  }) => (
    <a href="#designation" aria-label={label}>
      {children}
    </a>
  ),
}));

const incident = (createdBy: string) =>
  ({
    id: 'i1',
    reference: 'INC-2025-0012',
    version: 7,
    status: 'in_verification',
    createdBy,
    occurredFrom: '2025-01-12',
    occurredTo: '2025-01-29',
    datePrecision: 'day',
    actors: [],
  }) as unknown as Incident;

const candidate = (reference: string, score: number, band: 'strong' | 'possible') => ({
  reference,
  name: reference === 'KPe.001' ? 'KOREA MINING DEVELOPMENT TRADING CORPORATION' : 'KOREA RYONBONG',
  kind: 'entity' as const,
  listType: 'DPRK',
  listedOn: '2009-04-24',
  score,
  band,
  designatedAtTheTime: 'yes' as const,
  explanation: {
    matchedName: 'KOMID',
    matchedNameKind: 'alias' as const,
    aliasQuality: 'a.k.a.',
    queryName: 'Korea Mining Development Trading Corporation',
    tokens: [
      { query: 'korea', candidate: 'korea', similarity: 1, family: false },
      { query: 'trading', candidate: null, similarity: 0, family: false },
    ],
    missingFromQuery: [],
    nameScore: 0.97,
    identifiers: [{ kind: 'companyNumber' as const, value: '1234567', agreed: true }],
    qualifiers: [
      { kind: 'nationality' as const, query: 'KP', candidate: 'KP', agreed: true, effect: 0.02 },
    ],
    notes: ['Matched on an alias the list calls a.k.a.'],
  },
});

const screening = (overrides: Partial<IncidentScreening> = {}): IncidentScreening => ({
  incidentId: 'i1',
  version: 7,
  listVersion: 1,
  screeningChanged: false,
  mayDecide: true,
  whyNot: null,
  actors: [
    {
      actorId: 'a1',
      name: 'Korea Mining Development Trading Corporation',
      type: 'company',
      designationRef: null,
      status: 'screened',
      screenedAt: '2025-02-01T10:00:00.000Z',
      listVersion: 1,
      candidates: [candidate('KPe.002', 0.74, 'possible'), candidate('KPe.001', 0.97, 'strong')],
      decisions: [],
    },
  ],
  ...overrides,
});

const answer = (data: unknown, status = 200) => ({
  data: status < 400 ? data : undefined,
  error: status < 400 ? undefined : data,
  response: new Response(null, { status }),
});

function show(forIncident: Incident) {
  render(
    <MantineProvider>
      <QueryClientProvider
        client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      >
        <ScreeningPanel incident={forIncident} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

beforeAll(async () => {
  // happy-dom has no FontFaceSet; the note's autosizing textarea listens to it.
  Object.defineProperty(document, 'fonts', {
    configurable: true,
    value: { addEventListener: () => undefined, removeEventListener: () => undefined },
  });
  await setupI18n('en');
});

beforeEach(() => {
  calls.GET.mockReset();
  calls.POST.mockReset();
  me.id = 'verifier';
  me.roles = ['verifier'];
});

describe('the screening panel', () => {
  it('lists candidates best first with band, score, whether designated at the time, and why', async () => {
    calls.GET.mockResolvedValue(answer(screening()));
    show(incident('monitor'));
    const cards = await screen.findAllByTestId('candidate');
    expect(cards.map((card) => within(card).getAllByText(/^KPe\./)[0].textContent)).toEqual([
      'KPe.001',
      'KPe.002',
    ]);
    const best = cards[0];
    expect(within(best).getByText('Strong match')).toBeTruthy();
    expect(within(best).getByText('Score 0.97')).toBeTruthy();
    expect(
      within(best).getByText(
        'Listed on 24 April 2009, before the incident (12–29 January 2025): designated at the time.',
      ),
    ).toBeTruthy();
    expect(within(cards[1]).getByText('Possible match')).toBeTruthy();
    expect(
      screen.getByText('Screened against list version 1 on 1 Feb 2025, 10:00.', { exact: false }),
    ).toBeTruthy();

    fireEvent.click(within(best).getByRole('button', { name: 'Why this candidate' }));
    expect(
      within(best).getByText(
        'The query "Korea Mining Development Trading Corporation" matched the alias "KOMID". The list grades this alias as "also known as".',
      ),
    ).toBeTruthy();
    const tokens = within(best).getByRole('table');
    expect(tokens.querySelector('caption')?.textContent).toBe('The name part by part');
    expect(
      within(tokens)
        .getAllByRole('row')
        .map((row) => row.textContent),
    ).toEqual(['QueryOn the listSimilarity', 'koreakorea1.00', 'trading(missing)0.00']);
    expect(within(best).getByText('Company number 1234567: the same on both sides.')).toBeTruthy();
    expect(
      within(best).getByText(
        'Nationality: North Korea here, North Korea on the list — agrees (+0.02).',
      ),
    ).toBeTruthy();
    expect(within(best).getByText('Matched on an alias the list calls a.k.a.')).toBeTruthy();
  });

  it('says an actor is being screened, and asks again until it is', async () => {
    const pending = screening();
    pending.actors[0] = {
      ...pending.actors[0],
      status: 'pending',
      candidates: [],
      screenedAt: null,
    };
    calls.GET.mockResolvedValueOnce(answer(pending)).mockResolvedValue(answer(screening()));
    show(incident('monitor'));
    expect(await screen.findByText('Being screened… this takes a few seconds.')).toBeTruthy();
    expect(await screen.findAllByTestId('candidate', {}, { timeout: 4000 })).toHaveLength(2);
    expect(calls.GET).toHaveBeenCalledTimes(2);
  });

  it('shows why the user may not decide, and no decision buttons, to the one who filed it', async () => {
    me.id = 'monitor';
    calls.GET.mockResolvedValue(
      answer(
        screening({
          mayDecide: false,
          whyNot: 'You filed this incident: someone else decides on its screening (four eyes).',
        }),
      ),
    );
    show(incident('monitor'));
    expect((await screen.findByRole('note')).textContent).toBe(
      'You filed this incident, so someone else decides on its screening candidates (four eyes): a second person checks every match.',
    );
    expect(screen.queryByRole('button', { name: /^Confirm / })).toBeNull();
  });

  it('needs a note before a decision is sent, and sends it with the incident version', async () => {
    const decided = screening();
    decided.actors[0] = {
      ...decided.actors[0],
      designationRef: 'UN:KPe.001',
      decisions: [
        {
          id: 'd1',
          reference: 'KPe.001',
          designationName: 'KOREA MINING DEVELOPMENT TRADING CORPORATION',
          decision: 'confirmed',
          note: 'Same name and address.',
          decidedBy: 'verifier',
          deciderName: 'Vera',
          decidedAt: '2025-02-02T09:00:00.000Z',
          score: 0.97,
          designationChanged: false,
        },
      ],
    };
    calls.GET.mockResolvedValueOnce(answer(screening())).mockResolvedValue(answer(decided));
    calls.POST.mockResolvedValue(answer(decided, 201));
    show(incident('monitor'));
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Confirm KPe.001 for Korea Mining Development Trading Corporation',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const send = within(dialog).getByRole('button', { name: 'Record the decision' });
    expect(send).toHaveProperty('disabled', true);
    fireEvent.change(within(dialog).getByRole('textbox', { name: /^Note/ }), {
      target: { value: '   ' },
    });
    expect(send).toHaveProperty('disabled', true);
    fireEvent.change(within(dialog).getByRole('textbox', { name: /^Note/ }), {
      target: { value: 'Same name and address.' },
    });
    expect(send).toHaveProperty('disabled', false);
    fireEvent.click(send);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.POST).toHaveBeenCalledWith('/api/v1/incidents/{id}/actors/{actorId}/matches', {
      params: { path: { id: 'i1', actorId: 'a1' } },
      body: {
        designationRef: 'UN:KPe.001',
        decision: 'confirmed',
        note: 'Same name and address.',
        version: 7,
      },
    });
    expect(await screen.findByText('Designated: KPe.001')).toBeTruthy();
    expect(
      screen.getByText('Confirmed as KOREA MINING DEVELOPMENT TRADING CORPORATION (KPe.001).'),
    ).toBeTruthy();
  });

  it('on a stale version reloads, says so, keeps the note and sends the new version', async () => {
    calls.GET.mockResolvedValueOnce(answer(screening())).mockResolvedValue(
      answer(screening({ version: 8 })),
    );
    calls.POST.mockResolvedValueOnce(
      answer(
        {
          statusCode: 409,
          error: 'Conflict',
          code: 'stale_version',
          message: 'Incident was changed by someone else',
          requestId: 'r1',
        },
        409,
      ),
    ).mockResolvedValue(answer(screening({ version: 9 }), 201));
    show(incident('monitor'));
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Dismiss KPe.002 for Korea Mining Development Trading Corporation',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const note = within(dialog).getByRole('textbox', { name: /^Note/ });
    fireEvent.change(note, { target: { value: 'Different company.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record the decision' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(
      /^Someone changed this incident meanwhile, so nothing was recorded\./,
    );
    expect(note).toHaveProperty('value', 'Different company.');
    await waitFor(() => expect(calls.GET).toHaveBeenCalledTimes(2));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record it on the new version' }));
    await waitFor(() => expect(calls.POST).toHaveBeenCalledTimes(2));
    expect(calls.POST.mock.calls[1][1]).toMatchObject({
      body: { decision: 'dismissed', note: 'Different company.', version: 8 },
    });
  });
});
