/**
 * A harness's provider id as our model key: `ollama:chat:llama3` / `ollama/llama3` are Ollama,
 * anything else (`openai:gpt-4o-mini`, `anthropic/claude-…`, `openai:chat:gpt-4o`) an API model
 * under the openai backend. Provider prefixes other than ollama and openai are kept in the name,
 * so two providers' models of the same name stay apart.
 */
export function modelFromProvider(id: string, separator: ':' | '/'): { name: string; backend: 'ollama' | 'openai' } {
  const parts = id.split(separator);
  const [provider, ...rest] = parts;
  // promptfoo writes `openai:chat:NAME`; the middle `chat`/`completion` is an API mode, not a name.
  const name = rest[0] === 'chat' || rest[0] === 'completion' ? rest.slice(1) : rest;
  if (rest.length === 0) return { name: id, backend: 'openai' };
  if (provider === 'ollama') return { name: name.join(separator), backend: 'ollama' };
  if (provider === 'openai') return { name: name.join(separator), backend: 'openai' };
  return { name: [provider, ...name].join('/'), backend: 'openai' };
}
