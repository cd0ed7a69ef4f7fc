import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { setupI18n } from '../../i18n/for-tests';
import { boxOf, loadCountryShapes, unionBox } from './geo';
import { WorldMap } from './WorldMap';

const show = (element: React.ReactElement) => render(<MantineProvider>{element}</MantineProvider>);

async function drawn(): Promise<SVGSVGElement> {
  await waitFor(() => expect(document.querySelector('svg[role="img"]')).not.toBeNull());
  return document.querySelector<SVGSVGElement>('svg[role="img"]')!;
}

describe('the world map', () => {
  beforeAll(async () => {
    await setupI18n('en');
  });

  it('draws every country of the atlas, marks the highlighted ones, and says which', async () => {
    show(
      <WorldMap
        title="Where it happened"
        countries={[{ code: 'KP' }, { code: 'RU' }]}
        points={[
          { latitude: 42.23, longitude: 129.2, role: 'origin', label: 'Musan, North Korea' },
          { latitude: 43.12, longitude: 131.9, role: 'destination', label: 'Vladivostok, Russia' },
        ]}
        zoom="highlighted"
      />,
    );
    const svg = await drawn();
    expect(svg.querySelectorAll('path[data-country]').length).toBeGreaterThan(150);
    const marked = [...svg.querySelectorAll('path[data-marked="true"]')].map((path) =>
      path.getAttribute('data-country'),
    );
    expect(marked.sort()).toEqual(['KP', 'RU']);
    expect(
      [...svg.querySelectorAll('g[data-role]')].map((g) => g.getAttribute('data-role')),
    ).toEqual(['origin', 'destination']);
    // Named for screen readers, and described by the text alternative.
    expect(screen.getByRole('img', { name: 'Where it happened' })).toBe(svg);
    const description = document.getElementById(svg.getAttribute('aria-describedby')!)!;
    expect(description.textContent).toContain('Countries: North Korea, Russia.');
    expect(description.textContent).toContain('Origin: Musan, North Korea (42.23, 129.2)');
    expect(description.textContent).toContain('Destination: Vladivostok, Russia (43.12, 131.9)');
    // The legend names the roles drawn, and only those.
    const legend = screen.getByRole('list', { name: 'Legend' });
    expect(legend.textContent).toBe('Countries concernedOriginDestination');
  });

  it('says so when nothing is marked, and lists countries too small to draw', async () => {
    const { unmount } = show(<WorldMap title="Nothing" />);
    await drawn();
    expect(screen.getByText('No country is marked.')).toBeTruthy();
    unmount();
    show(<WorldMap title="Small" countries={[{ code: 'SG' }]} />);
    await drawn();
    expect(
      screen.getByText('Singapore: too small to draw at this scale, listed here only.'),
    ).toBeTruthy();
  });

  it('makes each marked country a control that hands its code back, with its count', async () => {
    const chosen = vi.fn();
    show(
      <WorldMap
        title="Incidents by country"
        countries={[
          { code: 'KP', count: 3 },
          { code: 'RU', count: 1 },
        ]}
        onCountryClick={chosen}
      />,
    );
    const svg = await drawn();
    fireEvent.click(
      screen.getByRole('button', {
        name: 'North Korea: 3 incidents. Show only the incidents in North Korea',
      }),
    );
    fireEvent.click(svg.querySelector('path[data-country="RU"]')!);
    // An unmarked country is not a control.
    fireEvent.click(svg.querySelector('path[data-country="CN"]')!);
    expect(chosen.mock.calls).toEqual([['KP'], ['RU']]);
  });

  it('zooms to the Korean peninsula and the Far East when only those are concerned', async () => {
    const shapes = await loadCountryShapes();
    const korea = shapes.find((shape) => shape.code === 'KP')!;
    const box = unionBox([boxOf(korea)]);
    expect(box.west).toBeGreaterThan(115);
    expect(box.east).toBeLessThan(140);
    // Russia crosses the antimeridian: its box runs east past 180 rather than wrapping.
    const russia = boxOf(shapes.find((shape) => shape.code === 'RU')!);
    expect(russia.west).toBeLessThan(30);
    expect(russia.east).toBeGreaterThan(180);
  });
});
