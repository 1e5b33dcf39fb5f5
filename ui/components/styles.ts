import { css } from 'lit';

/** Styles every view shares: type scale, links, focus ring, tables, chips, notices. */
export const sharedStyles = css`
  :host {
    display: block;
    color: var(--lb-fg);
  }
  h2 {
    font-size: 1.35rem;
    margin: 0.2rem 0 0.6rem;
  }
  h3 {
    font-size: 1.05rem;
    margin: 1.4rem 0 0.5rem;
  }
  p {
    margin: 0.4rem 0;
  }
  a {
    color: var(--lb-link);
  }
  a:focus-visible,
  button:focus-visible,
  select:focus-visible,
  input:focus-visible,
  summary:focus-visible,
  [tabindex]:focus-visible {
    outline: 3px solid var(--lb-focus);
    outline-offset: 2px;
  }
  .muted {
    color: var(--lb-muted);
  }
  .note {
    color: var(--lb-muted);
    font-size: 0.9rem;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.6rem 1rem;
    align-items: center;
    margin: 0.6rem 0;
  }
  label {
    font-size: 0.9rem;
  }
  select,
  input[type='search'],
  input[type='text'],
  button {
    font: inherit;
    font-size: 0.9rem;
    color: var(--lb-fg);
    background: var(--lb-surface);
    border: 1px solid var(--lb-border);
    border-radius: 4px;
    padding: 0.2rem 0.45rem;
  }
  button {
    cursor: pointer;
  }
  button[aria-pressed='true'] {
    background: var(--lb-link);
    color: var(--lb-bg);
    border-color: var(--lb-link);
  }
  .chip {
    display: inline-block;
    font-size: 0.78rem;
    padding: 0 0.45rem;
    border-radius: 999px;
    border: 1px solid var(--lb-border);
    background: var(--lb-surface);
    white-space: nowrap;
  }
  .chip.good {
    border-color: var(--lb-good);
    color: var(--lb-good);
  }
  .chip.bad {
    border-color: var(--lb-bad);
    color: var(--lb-bad);
  }
  .chip.sim {
    border-color: var(--lb-warn-fg);
    background: var(--lb-warn-bg);
    color: var(--lb-warn-fg);
  }
  .scroll {
    overflow-x: auto;
    max-width: 100%;
  }
  table {
    border-collapse: collapse;
    font-size: 0.88rem;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    border-bottom: 1px solid var(--lb-border);
    padding: 0.3rem 0.5rem;
    text-align: left;
    vertical-align: top;
  }
  td.num,
  th.num {
    text-align: right;
    white-space: nowrap;
  }
  th {
    background: var(--lb-surface);
    font-weight: 600;
  }
  pre {
    font-family: var(--lb-mono);
    font-size: 0.82rem;
    background: var(--lb-surface);
    border: 1px solid var(--lb-border);
    border-radius: 4px;
    padding: 0.5rem;
    white-space: pre-wrap;
    word-break: break-word;
    max-height: 22rem;
    overflow: auto;
    margin: 0.3rem 0;
  }
  code {
    font-family: var(--lb-mono);
    font-size: 0.85em;
  }
  .chart svg {
    max-width: 100%;
    height: auto;
    overflow: visible;
  }
  .chart {
    overflow-x: auto;
  }
  /* On phones a chart keeps its drawn size and scrolls sideways: shrunk to 390 px its labels are unreadable. */
  @media (max-width: 600px) {
    .chart svg {
      max-width: none;
    }
    /* Held at arm's length, text under 12 px is hard to read: the small type (chips, code in notes) stops there. */
    code {
      font-size: max(0.85em, 12px);
    }
    .chip {
      font-size: max(0.78rem, 12px);
    }
  }
  .grid2 {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
    gap: 1rem;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
