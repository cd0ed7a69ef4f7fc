import { createTheme, CSSVariablesResolver, NavLink } from '@mantine/core';

/**
 * Shade 8 of the primary colour in light mode: Mantine's default shade 6 fails WCAG AA
 * contrast for white text on buttons and for links (UI.md).
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 5 },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif',
  headings: {
    fontWeight: '650',
    // A page's heading is often an incident's title of up to 200 characters: on a phone the
    // desktop size filled the first screen with it, and broke references such as INC-2026-0002.
    sizes: { h1: { fontSize: 'clamp(1.5rem, 1rem + 2.5vw, 2.125rem)' } },
  },
  defaultRadius: 'sm',
  // Dialogs and menus appear without sliding or fading for people who asked for less motion.
  respectReducedMotion: true,
  components: {
    // The light variant's active label (primary on a pale tint) fails AA contrast.
    NavLink: NavLink.extend({ defaultProps: { variant: 'filled' } }),
  },
});

/**
 * Mantine's error red (shade 6) fails WCAG AA contrast on white, for every field's error text:
 * shade 9 passes.
 */
export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-error': 'var(--mantine-color-red-9)' },
  dark: {},
});

/** The nonce the service put in this page's CSP, for the style tags Mantine writes. */
export function styleNonce(): string {
  return document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';
}
