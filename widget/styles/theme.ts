/**
 * The design tokens, as `--dm-*` custom properties on the <dual-match> host. A page overrides
 * any of them on the element (`dual-match { --dm-accent: #8a2be2 }`): the page's rule wins
 * over `:host`. Custom properties inherit into every nested shadow root, so only the root
 * element carries this sheet. Every text/background pair passes WCAG AA in both schemes
 * (test/widget/theme.browser.test.ts measures them).
 *
 * Dark applies with `theme="dark"`, or with the reader's dark preference unless `theme="light"`.
 */
import { css } from 'lit';

const darkTokens = css`
  color-scheme: dark;
  --dm-bg: #14181d;
  --dm-surface: #1e242b;
  --dm-fg: #e8ecf0;
  --dm-muted: #a5b0bb;
  --dm-border: #66717e;
  --dm-accent: #6db3ff;
  --dm-on-accent: #0b1016;
  --dm-success: #5fd38d;
  --dm-danger: #ff9a8f;
  --dm-focus: #9ccbff;
  --dm-bar-places: #3a4552;
  --dm-heat-high: #f05a50;
`;

export const themeStyles = css`
  :host {
    color-scheme: light;
    --dm-bg: #ffffff;
    --dm-surface: #f3f5f7;
    --dm-fg: #1d2329;
    --dm-muted: #56606b;
    --dm-border: #7d8590;
    --dm-accent: #0b5cad;
    --dm-on-accent: #ffffff;
    --dm-success: #1a7336;
    --dm-danger: #b3261e;
    --dm-focus: #0b5cad;
    --dm-bar-places: #d5dbe1;
    --dm-heat-high: #b3261e;
    --dm-radius: 6px;
    --dm-gap: 0.75rem;
    --dm-table-height: 28rem;
  }
  :host([theme='dark']) {
    ${darkTokens}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
    }
  }
`;
