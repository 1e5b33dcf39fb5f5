import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const harness = fileURLToPath(new URL('../../../runner/sandbox/harness.py', import.meta.url));

// Lists every global-name lookup left in the harness's run-time code: _lb_harness and everything
// nested in it. An answer can reach the harness's globals and builtins dicts (through a method of a
// harness class), so the only lookups allowed are `globals` in the prologue that makes every other
// name a local, and `__name__` in class bodies (run before any answer code).
const LISTER = String.raw`
import dis, sys, types
code = compile(open(sys.argv[1]).read(), 'harness.py', 'exec')
main = [c for c in code.co_consts if isinstance(c, types.CodeType) and c.co_name == '_lb_harness'][0]
def walk(c, path):
    for ins in dis.get_instructions(c):
        if ins.opname in ('LOAD_GLOBAL', 'LOAD_NAME', 'STORE_GLOBAL', 'DELETE_GLOBAL', 'STORE_NAME'):
            print('%s %s' % ('/'.join(path + [c.co_name]), ins.argval))
    for k in c.co_consts:
        if isinstance(k, types.CodeType):
            walk(k, path + [c.co_name])
walk(main, [])
`;

describe('the harness reads no global names at run time', () => {
  it('every name is a local or a closure cell', () => {
    const result = spawnSync('/usr/bin/python3', ['-I', '-S', '-B', '-c', LISTER, harness], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const lookups = result.stdout.split('\n').filter((line) => line !== '');
    const unexpected = lookups.filter(
      (line) => line !== '_lb_harness globals' && !/^_lb_harness\/\w+ (__name__|__module__|__qualname__|__doc__|writable|write)$/.test(line),
    );
    expect(unexpected).toEqual([]);
    expect(lookups).toContain('_lb_harness globals');
  });
});
