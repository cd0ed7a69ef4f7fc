import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { setupI18n } from '../../i18n/for-tests';
import { GeoPoint, PointPicker } from './PointPicker';

function Harness({
  initial,
  spy,
}: {
  initial: GeoPoint | null;
  spy: (point: GeoPoint | null) => void;
}) {
  const [value, setValue] = useState(initial);
  return (
    <MantineProvider>
      <PointPicker
        value={value}
        onChange={(point) => {
          spy(point);
          setValue(point);
        }}
        label="Musan"
        role="origin"
      />
    </MantineProvider>
  );
}

const latitude = () => screen.getByRole<HTMLInputElement>('textbox', { name: /^Latitude/ });
const longitude = () => screen.getByRole<HTMLInputElement>('textbox', { name: /^Longitude/ });

describe('the point picker', () => {
  beforeAll(async () => {
    await setupI18n('en');
  });

  it('shows the point in two labelled number inputs and on the map', async () => {
    render(<Harness initial={{ latitude: 42.23, longitude: 129.2 }} spy={vi.fn()} />);
    expect(latitude().value).toBe('42.23');
    expect(longitude().value).toBe('129.2');
    expect(screen.getByText('Point chosen: 42.23, 129.2')).toBeTruthy();
    await waitFor(() => expect(document.querySelector('g[data-role="origin"]')).not.toBeNull());
  });

  it('makes a point from the keyboard once both halves are typed, and only then', () => {
    const spy = vi.fn();
    render(<Harness initial={null} spy={spy} />);
    expect(screen.getByText('No point chosen.')).toBeTruthy();
    fireEvent.change(latitude(), { target: { value: '43.1' } });
    expect(spy).not.toHaveBeenCalled();
    fireEvent.change(longitude(), { target: { value: '131.9' } });
    expect(spy).toHaveBeenLastCalledWith({ latitude: 43.1, longitude: 131.9 });
    expect(screen.getByText('Point chosen: 43.1, 131.9')).toBeTruthy();
  });

  it('refuses a latitude out of range in words, and drops the point until it is fixed', () => {
    const spy = vi.fn();
    render(<Harness initial={{ latitude: 42.23, longitude: 129.2 }} spy={spy} />);
    fireEvent.change(latitude(), { target: { value: '95' } });
    expect(spy).toHaveBeenLastCalledWith(null);
    expect(screen.getByText('Out of range')).toBeTruthy();
    expect(latitude().value).toBe('95');
    expect(latitude().getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(latitude(), { target: { value: '41' } });
    expect(spy).toHaveBeenLastCalledWith({ latitude: 41, longitude: 129.2 });
  });

  it('removes the point and empties both inputs', () => {
    const spy = vi.fn();
    render(<Harness initial={{ latitude: 42.23, longitude: 129.2 }} spy={spy} />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove the point' }));
    expect(spy).toHaveBeenLastCalledWith(null);
    expect(latitude().value).toBe('');
    expect(longitude().value).toBe('');
  });
});
