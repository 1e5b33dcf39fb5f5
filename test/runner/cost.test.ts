import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../lib/cli-error.ts';
import { costOf, isLoopbackUrl, loadPriceBook, priceBookFrom, type PriceBook } from '../../runner/cost.ts';

const book: PriceBook = priceBookFrom(
  {
    usd_per_kwh: 0.2,
    default: { input_per_mtok: 1, output_per_mtok: 4 },
    models: { 'gpt-4o-mini': { input_per_mtok: 0.15, output_per_mtok: 0.6 }, 'GPT-4o': { input_per_mtok: 2.5, output_per_mtok: 10 } },
  },
  'test',
);
const validEnergy = { joules: 7200, valid: true };
const noEnergy = { joules: null, valid: false };
const tokens = { prompt: 1_000, output: 500 };

describe('costOf', () => {
  it('prices a listed hosted model by its tokens', () => {
    const cost = costOf({ model: { name: 'gpt-4o-mini', backend: 'openai' }, tokens, energy: noEnergy, simulated: false }, book);
    // 1000 × 0.15/1e6 + 500 × 0.6/1e6 = 0.00015 + 0.0003
    expect(cost.basis).toBe('token-price');
    expect(cost.usd).toBeCloseTo(0.00045, 12);
    expect(cost.default_price).toBeUndefined();
  });

  it('matches case-insensitively, behind a provider prefix, and dated snapshots of hosted models', () => {
    const upper = costOf({ model: { name: 'gpt-4O', backend: 'openai' }, tokens, energy: noEnergy, simulated: false }, book);
    expect(upper.usd).toBeCloseTo((1000 * 2.5 + 500 * 10) / 1e6, 12);
    const prefixed = costOf({ model: { name: 'openai/gpt-4o-mini', backend: 'openai' }, tokens, energy: noEnergy, simulated: false }, book);
    expect(prefixed.usd).toBeCloseTo(0.00045, 12);
    const dated = costOf({ model: { name: 'gpt-4o-mini-2024-07-18', backend: 'openai' }, tokens, energy: noEnergy, simulated: false }, book);
    expect(dated.usd).toBeCloseTo(0.00045, 12);
    expect(dated.default_price).toBeUndefined();
  });

  it('falls back to the flagged default price for an unlisted hosted model', () => {
    const model = { name: 'some-new-model', backend: 'openai' as const, base_url: 'https://api.example.com/v1' };
    const cost = costOf({ model, tokens, energy: validEnergy, simulated: false }, book);
    expect(cost).toEqual({ usd: (1000 * 1 + 500 * 4) / 1e6, basis: 'token-price', default_price: true });
  });

  it('gives null usd when a hosted run has no token counts', () => {
    const cost = costOf({ model: { name: 'gpt-4o', backend: 'openai' }, tokens: { prompt: null, output: 3 }, energy: noEnergy, simulated: false }, book);
    expect(cost).toEqual({ usd: null, basis: 'token-price' });
  });

  it('costs local models by measured joules at the electricity price', () => {
    // 7200 J = 0.002 kWh; at $0.20/kWh that is $0.0004.
    const ollama = costOf({ model: { name: 'qwen3:8b', backend: 'ollama' }, tokens, energy: validEnergy, simulated: false }, book);
    expect(ollama.basis).toBe('energy');
    expect(ollama.usd).toBeCloseTo(0.0004, 12);
    const loopback = { name: 'llama', backend: 'openai' as const, base_url: 'http://127.0.0.1:8080/v1' };
    expect(costOf({ model: loopback, tokens, energy: validEnergy, simulated: false }, book).basis).toBe('energy');
  });

  it('gives null usd when energy is not valid or not measured', () => {
    const invalid = { joules: 5000, valid: false };
    expect(costOf({ model: { name: 'qwen3:8b', backend: 'ollama' }, tokens, energy: invalid, simulated: false }, book)).toEqual({ usd: null, basis: 'energy' });
    expect(costOf({ model: { name: 'qwen3:8b', backend: 'ollama' }, tokens, energy: noEnergy, simulated: false }, book)).toEqual({
      usd: null,
      basis: 'energy',
    });
  });

  it('never bills tokens for the simulator, even under a hosted name', () => {
    const cost = costOf({ model: { name: 'gpt-4o-mini', backend: 'sim' }, tokens, energy: validEnergy, simulated: true }, book);
    expect(cost.basis).toBe('energy');
    expect(cost.usd).toBeCloseTo(0.0004, 12);
  });

  it('prices an Ollama model by tokens when pricing.json lists it by exact name', () => {
    const listed = priceBookFrom(
      { usd_per_kwh: 0.1, default: { input_per_mtok: 9, output_per_mtok: 9 }, models: { 'qwen3:8b': { input_per_mtok: 1, output_per_mtok: 2 } } },
      'test',
    );
    const cost = costOf({ model: { name: 'qwen3:8b', backend: 'ollama' }, tokens, energy: validEnergy, simulated: false }, listed);
    expect(cost).toEqual({ usd: (1000 + 1000) / 1e6, basis: 'token-price' });
    // Snapshot matching is for hosted names only: an Ollama tag that merely starts with a listed name stays local.
    const other = costOf({ model: { name: 'qwen3:8b-q4', backend: 'ollama' }, tokens, energy: validEnergy, simulated: false }, listed);
    expect(other.basis).toBe('energy');
  });
});

describe('isLoopbackUrl', () => {
  it('recognises this machine and nothing else', () => {
    for (const url of ['http://127.0.0.1:11434', 'http://localhost:8000/v1', 'http://[::1]:8080', 'http://127.5.5.5', 'http://0.0.0.0:1234']) {
      expect(isLoopbackUrl(url), url).toBe(true);
    }
    for (const url of ['https://api.openai.com/v1', 'http://192.168.1.5:8000', 'http://localhost.example.com', 'not a url']) {
      expect(isLoopbackUrl(url), url).toBe(false);
    }
  });
});

describe('loadPriceBook', () => {
  it('reads the repository pricing.json and lets --usd-per-kwh override the electricity price', () => {
    const fromRepo = loadPriceBook();
    expect(fromRepo.usdPerKwh).toBe(0.15);
    expect(fromRepo.models['gpt-4o-mini']).toEqual({ input_per_mtok: 0.15, output_per_mtok: 0.6 });
    expect(loadPriceBook({ usdPerKwh: 0.31 }).usdPerKwh).toBe(0.31);
  });

  it('names the file and the field when a pricing file is wrong', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lb-cost-'));
    const path = join(dir, 'pricing.json');
    await writeFile(path, JSON.stringify({ usd_per_kwh: 0.1, default: { input_per_mtok: -1, output_per_mtok: 1 }, models: {} }));
    expect(() => loadPriceBook({ pricingPath: path })).toThrowError(CliError);
    expect(() => loadPriceBook({ pricingPath: path })).toThrowError(/pricing\.json: default\.input_per_mtok:/);
    await writeFile(path, '{ not json');
    expect(() => loadPriceBook({ pricingPath: path })).toThrowError(/not valid JSON/);
    expect(() => loadPriceBook({ pricingPath: join(dir, 'missing.json') })).toThrowError(/pricing file not found/);
    expect(() => loadPriceBook({ usdPerKwh: -2 })).toThrowError(/--usd-per-kwh/);
  });
});
