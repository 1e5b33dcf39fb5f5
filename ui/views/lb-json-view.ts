import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadRaw, loadSurface } from '../data/load.ts';
import { formatBytes } from '../logic/format.ts';
import { formatPath } from '../logic/json-path.ts';
import { ledgerSweepSearch } from '../logic/ledger-search.ts';
import { linkTo, rawDataHref } from '../state/route.ts';
import type { IndexManifest } from '../../schema/surfaces/index-manifest.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-tree.ts';
import '../components/lb-notice.ts';

/**
 * `#/json` lists every file in data/ and the input ledgers, each linked to what it produced;
 * `#/json/<file>` browses one as a tree, `?node=<path>` keeping the open node in the URL.
 */
/** The surfaces first, then the many-file folders (run shards, pairs files), each in manifest order: a long folder never hides a surface. */
function topLevelFirst<Entry extends { path: string }>(files: readonly Entry[]): Entry[] {
  return [...files.filter((entry) => !entry.path.includes('/')), ...files.filter((entry) => entry.path.includes('/'))];
}

@customElement('lb-json-view')
export class LbJsonView extends ViewElement {
  private readonly data = new Task(this, {
    task: async ([file]: readonly [string]) => {
      const index = await loadSurface('index.json');
      if (file === '') return { index, file, value: undefined };
      // Only files the manifest lists (or the manifest itself) are fetched: the hash cannot point the page elsewhere.
      if (file !== 'index.json' && !index.files.some((entry) => entry.path === file)) {
        throw new Error(`data/${file} is not listed in data/index.json; pick a file from the list.`);
      }
      return { index, file, value: await loadRaw(file) };
    },
    args: () => [this.route.args.join('/')] as const,
  });

  private list(index: IndexManifest) {
    return html`<p>${index.files.length + 1} files, built from ${index.ledgers.length} ledger file(s). Each name opens the file as a tree; “raw” is the file itself.</p>
      <div class="scroll" tabindex="0" role="region" aria-label="Files in data/">
        <table id="file-list">
          <thead>
            <tr>
              <th>File</th>
              <th>Surface</th>
              <th class="num">Rows<br /><span class="muted">rows</span></th>
              <th class="num">Size<br /><span class="muted">bytes</span></th>
              <th>sha256</th>
              <th>Raw</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td><a href=${linkTo(this.route, 'json', ['index.json'])}>index.json</a></td>
              <td>index</td>
              <td class="num">—</td>
              <td class="num">—</td>
              <td class="muted">the manifest itself</td>
              <td><a href=${rawDataHref('index.json')}>raw</a></td>
            </tr>
            ${topLevelFirst(index.files).map(
              (entry) => html`<tr>
                <td>${entry.path.endsWith('.json') ? html`<a href=${linkTo(this.route, 'json', [entry.path])}>${entry.path}</a>` : html`<a href=${linkTo(this.route, 'sql')} title="binary: query it in the SQL view">${entry.path}</a>`}</td>
                <td>${entry.surface}</td>
                <td class="num">${entry.rows}</td>
                <td class="num" title=${`${entry.bytes} bytes`}>${formatBytes(entry.bytes)}</td>
                <td><code title=${entry.sha256}>${entry.sha256.slice(0, 16)}…</code></td>
                <td><a href=${rawDataHref(entry.path)}>raw</a></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <h3>Input ledgers</h3>
      ${this.ledgers(index)}`;
  }

  /** Each input ledger with what it produced: its accepted records, by sweep and by run shard. */
  private ledgers(index: IndexManifest) {
    const shardLink = (path: string, rows: number, search: string | null) =>
      html`<a class="shard-link" href=${linkTo(this.route, 'json', [path], search === null ? {} : { q: search })}>${path}</a> (${rows})`;
    return html`<p>What each ledger produced: its accepted records (lines rejected, duplicated or superseded produced nothing), the sweeps they belong to, and the run shards that hold them.</p>
      <div class="scroll" tabindex="0" role="region" aria-label="Input ledgers">
        <table id="ledger-list">
          <thead>
            <tr>
              <th>Ledger</th>
              <th class="num">Lines<br /><span class="muted">lines</span></th>
              <th class="num">Records<br /><span class="muted">accepted</span></th>
              <th>Sweeps (records)</th>
              <th>Run shards (records)</th>
              <th>sha256</th>
            </tr>
          </thead>
          <tbody>
            ${index.ledgers.map((ledger, i) => {
              const produced = ledger.produced;
              const entry = linkTo(this.route, 'json', ['index.json'], { node: formatPath(['ledgers', i]) });
              // Searched for the ledger's own sweep, a shard lists exactly this ledger's records.
              const search = ledgerSweepSearch(index.ledgers, i);
              return html`<tr data-ledger=${ledger.path}>
                <td><a href=${entry} title="This ledger's entry in index.json"><code>${ledger.path}</code></a> <span class="muted">${formatBytes(ledger.bytes)}</span></td>
                <td class="num">${ledger.lines}</td>
                <td class="num">${produced?.records ?? '—'}</td>
                <td>${produced === undefined ? html`<span class="muted">not recorded by this export</span>` : produced.sweeps.map((sweep) => html`<code>${sweep.sweep_id}</code> (${sweep.records}) `)}</td>
                <td>${produced === undefined ? html`<span class="muted">not recorded by this export</span>` : produced.run_shards.map((shard) => html`${shardLink(shard.path, shard.rows, search)} `)}</td>
                <td><code title=${ledger.sha256}>${ledger.sha256.slice(0, 16)}…</code></td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>`;
  }

  private file(file: string, value: unknown) {
    return html`<p><a href=${linkTo(this.route, 'json')}>← All files</a> · <a href=${rawDataHref(file)} id="raw-link">raw ${file}</a></p>
      <div class="toolbar">
        <label
          >Search keys and values
          <input
            type="search"
            id="json-search"
            .value=${this.route.query.q ?? ''}
            @input=${(e: Event) => this.setQuery({ q: (e.target as HTMLInputElement).value || undefined }, true)}
        /></label>
      </div>
      <lb-json-tree
        .value=${value}
        .query=${this.route.query.q ?? ''}
        .node=${this.route.query.node ?? ''}
        @node-change=${(e: CustomEvent<string>) => this.setQuery({ node: e.detail || undefined })}
      ></lb-json-tree>`;
  }

  render() {
    const file = this.route.args.join('/');
    return html`<h2>Raw JSON${file ? html`: <code>${file}</code>` : ''}</h2>
      ${renderLoaded(this.data, (loaded) => (loaded.file === '' ? this.list(loaded.index) : this.file(loaded.file, loaded.value)))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-json-view': LbJsonView;
  }
}
