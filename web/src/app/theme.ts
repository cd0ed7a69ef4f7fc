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
  headings: { fontWeight: '650' },
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
