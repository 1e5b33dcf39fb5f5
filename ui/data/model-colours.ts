import { modelColours } from '../../core/palette.ts';
import { loadSurface } from './load.ts';

/**
 * Model → colour over every model of the export (the models of model_rankings.json: every
 * accepted run is in one of its groups), so a model has one colour on every page whatever
 * surface a view reads and whatever is filtered. When that file cannot be read the view's own
 * models stand in: the page still draws, and that file's own view says what is wrong with it.
 */
export async function exportModelColours(fallback: Iterable<string>): Promise<Map<string, string>> {
  try {
    const rankings = await loadSurface('model_rankings.json');
    return modelColours([...rankings.rows.map((row) => row.model), ...fallback]);
  } catch {
    return modelColours(fallback);
  }
}
