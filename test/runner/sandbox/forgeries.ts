/**
 * Answers that implement nothing and try to forge a pass, written as HumanEval raw completions
 * (a function body that follows the prompt, then module-level code). Used by the grading-integrity
 * tests and by bench/grader-integrity.ts; every one must fail, most as `integrity_violation`.
 */
export const FORGERIES: Record<string, string> = {
  // Replaces the harness's classifier in __main__ (where an older harness kept it).
  main_classifier: [
    '    return None',
    'import __main__',
    "__main__._classify = lambda *a, **k: {'status': 'passed'}",
    '__main__._main = lambda: None',
    '',
  ].join('\n'),
  // Turns every later compile()/exec() into a no-op, so the tests never run.
  patched_compile_exec: [
    '    return None',
    'import builtins',
    '_compile = builtins.compile',
    "builtins.compile = lambda *a, **k: _compile('pass', '<forged>', 'exec')",
    'builtins.exec = lambda *a, **k: None',
    '',
  ].join('\n'),
  // An object that equals anything, is smaller than any tolerance and is truthy.
  equals_everything: [
    '    class Anything:',
    '        def __eq__(self, other): return True',
    '        def __ne__(self, other): return False',
    '        def __lt__(self, other): return True',
    '        def __le__(self, other): return True',
    '        def __gt__(self, other): return True',
    '        def __ge__(self, other): return True',
    '        def __hash__(self): return 0',
    '        def __bool__(self): return True',
    '        def __sub__(self, other): return self',
    '        def __rsub__(self, other): return self',
    '        def __abs__(self): return self',
    '        def __round__(self, n=0): return self',
    '        def __contains__(self, item): return True',
    '        def __getitem__(self, key): return self',
    '        def __len__(self): return 0',
    '        def __iter__(self): return iter(())',
    '    return Anything()',
    '',
  ].join('\n'),
  // A str subclass: an exact-type check, not isinstance, is what catches it.
  str_subclass_eq: [
    '    class S(str):',
    '        __eq__ = lambda self, other: True',
    '        __ne__ = lambda self, other: False',
    '        __hash__ = str.__hash__',
    "    return S('')",
    '',
  ].join('\n'),
  // Shadows the builtins the tests call (abs, isinstance, len, round, sorted...).
  shadowed_builtins: [
    '    return 0',
    'def abs(x): return 0',
    'def isinstance(*a): return True',
    'def len(x): return 0',
    'def round(*a): return 0',
    'def all(x): return True',
    'def any(x): return True',
    '',
  ].join('\n'),
  // Forged result lines with the real protocol's shape, then an exit that skips the harness.
  forged_lines_exit: [
    '    return 0',
    'import os, sys',
    "for n, e in enumerate(['start', 'load', 'test', 'done']):",
    '    os.write(1, (\'@@lb-000000000000000000000000@@ %d %s {"event": "%s", "status": "passed", "name": "check"}\\n\' % (n, \'0\' * 64, e)).encode())',
    'os._exit(0)',
    '',
  ].join('\n'),
  // The same through the interpreter's own stdout, past the harness's sink.
  forged_stdout_print: [
    '    import sys',
    '    sys.__stdout__.write(\'@@lb-0@@ 0 %s {"event": "done"}\\n\' % (\'0\' * 64))',
    '    sys.__stdout__.flush()',
    '    return None',
    '',
  ].join('\n'),
  // Walks the stack from a traceback, a generator and sys._getframe to the harness's locals.
  frame_walk: [
    '    import sys',
    '    try:',
    '        raise ValueError',
    '    except ValueError as e:',
    '        f = e.__traceback__.tb_frame',
    '    while f is not None:',
    '        for v in f.f_locals.values():',
    "            if callable(v) and getattr(v, '__name__', '') == 'emit':",
    "                v({'event': 'done'})",
    '        f = f.f_back',
    '    return None',
    '',
  ].join('\n'),
  // Reaches the harness's own namespace through a method of one of its classes, and rewrites
  // the builtins and constants it would use after the test (it uses neither: they are locals).
  harness_globals: [
    '    import io',
    '    for c in io.TextIOBase.__subclasses__():',
    "        if c.__name__ == '_Sink':",
    '            g, b = c.write.__globals__, c.write.__builtins__',
    "            b['dict'] = lambda *a, **k: {'event': 'test', 'name': 'check', 'status': 'passed'}",
    "            b['type'] = lambda *a: None",
    "            g['LEAF_TYPES'] = frozenset([object])",
    "            g['VALUE_DUNDERS'] = ()",
    '    return None',
    '',
  ].join('\n'),
  harness_globals_obfuscated: [
    '    import io',
    "    for c in getattr(io.TextIOBase, '__subcla' + 'sses__')():",
    "        if c.__name__ == '_Sink':",
    '            f = c.write',
    "            b = getattr(f, '__built' + 'ins__')",
    "            b['dict'] = lambda *a, **k: {'event': 'test', 'name': 'check', 'status': 'passed'}",
    "            getattr(f, '__glo' + 'bals__')['LEAF_TYPES'] = frozenset([object])",
    '    return None',
    '',
  ].join('\n'),
  // Looks for the harness's closures on the heap.
  heap_walk: [
    '    import gc',
    '    for o in gc.get_objects():',
    "        if getattr(o, '__name__', '') == 'emit':",
    "            o({'event': 'done'})",
    '    return None',
    '',
  ].join('\n'),
  // A signal handler receives the frame that was running: the harness's, one level up.
  signal_frame: [
    '    import signal',
    '    got = []',
    '    signal.signal(signal.SIGALRM, lambda s, f: got.append(f))',
    '    signal.setitimer(signal.ITIMER_REAL, 0.001)',
    '    while not got: pass',
    '    return got[0].f_back.f_locals',
    '',
  ].join('\n'),
  // A tracer sees every frame, the harness's included.
  settrace: ['    import sys', '    sys.settrace(lambda frame, event, arg: None)', '    return None', ''].join('\n'),
  // Exceptions the harness might misread: a replaced AssertionError, a malicious __str__, exits.
  patched_exceptions: [
    '    class Loud(Exception):',
    '        def __str__(self): raise SystemExit(0)',
    '    import builtins',
    '    builtins.AssertionError = type("AssertionError", (Exception,), {})',
    '    raise Loud()',
    '',
  ].join('\n'),
  system_exit: ['    raise SystemExit(0)', ''].join('\n'),
  keyboard_interrupt: ['    raise KeyboardInterrupt', ''].join('\n'),
  // Ends the test's loops early: StopIteration from the answer, as if the inputs ran out.
  stop_iteration: ['    raise StopIteration', ''].join('\n'),
  // Reads its own process memory through /proc.
  proc_mem: ["    open('/proc/self/mem', 'rb').read(1)", '    return None', ''].join('\n'),
};

/** Forgeries that need a full program (not a raw completion): a patch the patched code undoes. */
export const PATCH_AND_RESTORE = [
  'import fractions',
  '_orig = fractions.Fraction.__eq__',
  'def _eq(self, other):',
  "    setattr(fractions.Fraction, '__e' + 'q__', _orig)",
  '    return True',
  'def f(x):',
  "    setattr(fractions.Fraction, '__e' + 'q__', _eq)",
  '    return fractions.Fraction(0)',
  '',
].join('\n');

/** The same attacks spelled so that no static rule sees them: the run-time checks must. */
export const OBFUSCATED: Record<string, string> = {
  getframe: "    getattr(__import__('sy' + 's'), '_get' + 'frame')(0)\n    return None\n",
  traceback_frame: "    try:\n        1 / 0\n    except Exception as e:\n        getattr(e.__traceback__, 'tb_' + 'frame')\n    return None\n",
  generator_frame: "    g = (i for i in [1])\n    getattr(g, 'gi_' + 'frame')\n    return None\n",
  heap: "    getattr(__import__('g' + 'c'), 'get_' + 'objects')()\n    return None\n",
  builtins_dict: "    __import__('built' + 'ins').__dict__['ex' + 'ec'] = print\n    return None\n",
  module_attr: "    setattr(__import__('ma' + 'th'), 'is' + 'close', lambda *a, **k: True)\n    return None\n",
  tracer: "    getattr(__import__('sy' + 's'), 'set' + 'trace')(None)\n    return None\n",
  raw_memory: "    __import__('ct' + 'ypes')\n    return None\n",
  new_process: "    getattr(__import__('o' + 's'), 'sys' + 'tem')('true')\n    return None\n",
  mem_symlink: "    o = __import__('o' + 's')\n    o.symlink('/pr' + 'oc/self/m' + 'em', 'innocent')\n    open('innocent', 'rb').read(1)\n    return None\n",
  mem_dir_fd: "    o = __import__('o' + 's')\n    d = o.open('/pr' + 'oc/self', o.O_RDONLY)\n    o.open('m' + 'em', o.O_RDONLY, dir_fd=d)\n    return None\n",
  signal_handler: "    getattr(__import__('sig' + 'nal'), 'sig' + 'nal')(14, print)\n    return None\n",
};
