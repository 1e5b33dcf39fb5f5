import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { sharedStyles } from './styles.ts';
import { formatSweeps, type Filters } from '../state/route.ts';
import type { SweepRow } from '../../schema/surfaces/sweeps.ts';
import { sweepLabel } from '../logic/sweeps.ts';
import { powerLabel } from '../logic/format.ts';

export type FilterKey = 'experiment' | 'arm' | 'power' | 'gpu' | 'family';

const LABELS: Record<FilterKey, string> = {
  experiment: 'Suite',
  arm: 'Arm',
  power: 'Power level',
  gpu: 'GPU',
  family: 'Model family',
};

/** A change to one shared filter: the key and its new value (undefined = all). */
export type FilterChange = CustomEvent<{ key: FilterKey | 'hide_sim' | 'sweep'; value: string | undefined }>;

/** The shared filters: the sweeps in view, selects for suite, arm, power level, GPU and family, and "hide simulated". */
@customElement('lb-filter-bar')
export class LbFilterBar extends LitElement {
  /** The values each select offers. */
  @property({ attribute: false }) options: Record<FilterKey, string[]> = { experiment: [], arm: [], power: [], gpu: [], family: [] };
  /** The active filters (from the hash). */
  @property({ attribute: false }) filters: Filters = { hideSimulated: false };
  /** The export's sweeps (sweeps.json); none when the file is missing. */
  @property({ attribute: false }) sweeps: SweepRow[] = [];

  static styles = [
    sharedStyles,
    css`
      :host {
        margin: 0;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 0.9rem;
        align-items: center;
      }
      label {
        display: inline-flex;
        gap: 0.3rem;
        align-items: center;
      }
      select {
        max-width: 12rem;
      }
      label.sweeps select {
        max-width: min(28rem, 90vw);
      }
    `,
  ];

  private emit(key: FilterKey | 'hide_sim' | 'sweep', value: string | undefined) {
    this.dispatchEvent(new CustomEvent('lb-filter', { detail: { key, value }, bubbles: true, composed: true }));
  }

  private select(key: FilterKey) {
    const current = this.filters[key];
    const values = this.options[key];
    // Keep a linked value visible even when this export has no such rows, so the user sees why the page is empty.
    const all = current !== undefined && !values.includes(current) ? [...values, current] : values;
    return html`<label
      >${LABELS[key]}
      <select name=${key} @change=${(event: Event) => this.emit(key, (event.target as HTMLSelectElement).value || undefined)}>
        <option value="" ?selected=${current === undefined}>all</option>
        ${all.map((value) => html`<option .value=${value} ?selected=${value === current}>${key === 'power' ? powerLabel(value) : value}</option>`)}
      </select></label
    >`;
  }

  /** Several sweeps can be in view at once (ctrl/cmd-click); none selected means every sweep. */
  private sweepSelect() {
    if (this.sweeps.length < 2) return nothing;
    const current = new Set(this.filters.sweeps ?? []);
    const onChange = (event: Event) => {
      const picked = [...(event.target as HTMLSelectElement).selectedOptions].map((option) => option.value);
      this.emit('sweep', formatSweeps(picked));
    };
    return html`<label class="sweeps"
      >Sweeps
      <select name="sweep" multiple size=${Math.min(4, this.sweeps.length)} @change=${onChange}>
        ${this.sweeps.map((sweep) => html`<option .value=${sweep.sweep_id} ?selected=${current.has(sweep.sweep_id)}>${sweepLabel(sweep)}</option>`)}
      </select></label
    >`;
  }

  render() {
    return html`<form aria-label="Filters" @submit=${(event: Event) => event.preventDefault()}>
      ${this.sweepSelect()}
      ${(Object.keys(LABELS) as FilterKey[]).map((key) => this.select(key))}
      <label
        ><input
          type="checkbox"
          name="hide_sim"
          .checked=${this.filters.hideSimulated}
          @change=${(event: Event) => this.emit('hide_sim', (event.target as HTMLInputElement).checked ? '1' : undefined)}
        />
        Hide simulated</label
      >
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-filter-bar': LbFilterBar;
  }
}
