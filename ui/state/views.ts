/**
 * The site's views, in navigation order: the one table the shell routes, titles and renders from.
 * Adding a view is one row here and its element in ui/views/ (a file named after its tag, whose
 * module the shell loads: ui/components/lb-app.ts, held to this table by the type checker).
 *
 * - `route`: the first segment of the hash (`#/models`), and the key of every link to the view.
 * - `title`: the navigation label and the page title.
 * - `element`: the custom element the shell renders with `.route` set.
 * - `parent`: a drill-down's entry in the navigation (`#/model/…` lights up Models); drill-downs
 *   need an argument and are not listed in the navigation themselves.
 *
 * Pure data: the views import the router, which reads this table, so it imports no view.
 */
export const VIEW_TABLE = [
  { route: 'leaderboard', title: 'Leaderboard', element: 'lb-leaderboard-view' },
  { route: 'models', title: 'Models', element: 'lb-models-view' },
  { route: 'model', title: 'Model', element: 'lb-model-view', parent: 'models' },
  { route: 'tasks', title: 'Tasks', element: 'lb-tasks-view' },
  { route: 'task', title: 'Task', element: 'lb-task-view', parent: 'tasks' },
  { route: 'heatmap', title: 'Heatmap', element: 'lb-heatmap-view' },
  { route: 'power', title: 'Power', element: 'lb-power-view' },
  { route: 'failures', title: 'Failures', element: 'lb-failures-view' },
  { route: 'pareto', title: 'Pareto', element: 'lb-pareto-view' },
  { route: 'comparisons', title: 'Comparisons', element: 'lb-comparisons-view' },
  { route: 'verdict', title: 'Verdict evidence', element: 'lb-verdict-view', parent: 'comparisons' },
  { route: 'pair', title: 'Side by side', element: 'lb-pair-view', parent: 'comparisons' },
  { route: 'dual', title: 'Dual scoring', element: 'lb-dual-view' },
  { route: 'passk', title: 'pass@k', element: 'lb-passk-view' },
  { route: 'rescoring', title: 'Re-scoring', element: 'lb-rescoring-view' },
  { route: 'judge', title: 'Judge reliability', element: 'lb-judge-view' },
  { route: 'sql', title: 'SQL', element: 'lb-sql-view' },
  { route: 'json', title: 'Raw JSON', element: 'lb-json-view' },
  { route: 'run', title: 'Run', element: 'lb-run-view', parent: 'json' },
] as const satisfies readonly ViewEntry[];

interface ViewEntry {
  route: string;
  title: string;
  element: `lb-${string}-view`;
  parent?: string;
}

export type ViewName = (typeof VIEW_TABLE)[number]['route'];
export type ViewDefinition = (typeof VIEW_TABLE)[number];

/** The table's row for a view. */
export function viewOf(name: ViewName): ViewDefinition {
  return VIEW_TABLE.find((entry) => entry.route === name)!;
}

/** The navigation entry a view lights up: itself, or a drill-down's parent. */
export function navEntryOf(name: ViewName): ViewName {
  const entry: ViewDefinition = viewOf(name);
  return 'parent' in entry ? entry.parent : entry.route;
}

/** The views listed in the navigation: every view that needs no argument. */
export const NAV_VIEWS: readonly ViewDefinition[] = VIEW_TABLE.filter((entry) => !('parent' in entry));
