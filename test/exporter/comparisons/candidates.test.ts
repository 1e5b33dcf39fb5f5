import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCandidates } from '../../../exporter/comparisons/candidates.ts';
import { CliError } from '../../../lib/cli-error.ts';

describe('loadCandidates', () => {
  it('reads the repository candidates.json with the documented chains', () => {
    const map = loadCandidates();
    expect(map['qwen3:32b']).toEqual(['qwen3:14b', 'qwen3:8b', 'qwen3:4b', 'qwen3:1.7b']);
    expect(map['llama3.1:70b']).toEqual(['llama3.1:8b']);
    expect(map['gemma3:27b']).toEqual(['gemma3:12b', 'gemma3:4b', 'gemma3:1b']);
    expect(map['sim:large']).toEqual(['sim:medium', 'sim:small']);
    // Every candidate is a different model from its original.
    for (const [original, list] of Object.entries(map)) expect(list).not.toContain(original);
  });

  it('fails with one located line on a missing, malformed or mis-shaped file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lb-candidates-'));
    const path = join(dir, 'c.json');
    expect(() => loadCandidates(join(dir, 'none.json'))).toThrowError(/candidates file not found/);
    await writeFile(path, '{');
    expect(() => loadCandidates(path)).toThrowError(/not valid JSON/);
    await writeFile(path, JSON.stringify({ candidates: { 'qwen3:8b': 'qwen3:4b' } }));
    expect(() => loadCandidates(path)).toThrowError(CliError);
    expect(() => loadCandidates(path)).toThrowError(/c\.json: candidates\.qwen3:8b: /);
  });
});
