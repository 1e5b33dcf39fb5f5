# ledgerbench's test harness. main.py runs this text with exec() in a globals dict of its own,
# whose builtins are a private copy: nothing of the harness is reachable from __main__, and an
# answer that patches the builtins module changes neither the harness nor the tests.
# See docs/sandbox.md, "Grading integrity".

import sys, posix, _hashlib, _json, ast, signal, _signal, _imp, types, io, builtins

PRELOAD = ('math', 're', 'string', 'collections', 'itertools', 'functools', 'heapq', 'bisect', 'random',
           'typing', 'fractions', 'operator', 'copy', 'datetime', 'json', 'cmath', 'dataclasses', 'enum',
           'decimal', 'statistics', 'hashlib', 'textwrap', 'unicodedata', 'array', 'numbers', 'inspect', 'traceback')

# Methods through which a value decides a comparison, an arithmetic tolerance check or a container
# test. A result whose class defines one of them in the answer's own code is refused.
VALUE_DUNDERS = ('__eq__', '__ne__', '__lt__', '__le__', '__gt__', '__ge__', '__hash__', '__bool__', '__len__',
                 '__contains__', '__iter__', '__next__', '__reversed__', '__getitem__', '__abs__', '__neg__',
                 '__pos__', '__invert__', '__round__', '__trunc__', '__floor__', '__ceil__', '__float__', '__int__',
                 '__index__', '__complex__', '__add__', '__radd__', '__sub__', '__rsub__', '__mul__', '__rmul__',
                 '__truediv__', '__rtruediv__', '__floordiv__', '__rfloordiv__', '__mod__', '__rmod__', '__pow__',
                 '__rpow__', '__divmod__', '__rdivmod__', '__and__', '__rand__', '__or__', '__ror__', '__xor__',
                 '__rxor__', '__lshift__', '__rlshift__', '__rshift__', '__rrshift__', '__matmul__', '__rmatmul__',
                 '__getattr__', '__getattribute__', '__instancecheck__', '__subclasscheck__')
LEAF_TYPES = frozenset([int, float, complex, bool, str, bytes, type(None), type(Ellipsis), range])
ASSERT_TAG = '__ledgerbench_assert__'
# Calls that depend on their caller's frame, or are the checker itself: never wrapped in tests.
NO_WRAP = frozenset(['super', 'locals', 'globals', 'vars', 'dir', 'eval', 'exec', 'breakpoint', '__import__', '__lb_call__'])
# Module attributes that the standard library itself rebinds while it works.
MUTABLE_MODULE_ATTRS = frozenset(['_cache', 'filters', 'tempdir'])

FATAL_ATTRS = {
    '_getframe': 'reads stack frames (sys._getframe)', '_current_frames': 'reads stack frames (sys._current_frames)',
    'f_back': 'walks stack frames (f_back)', 'f_locals': 'reads frame locals (f_locals)', 'f_globals': 'reads frame globals (f_globals)',
    'tb_frame': 'reads stack frames (tb_frame)', 'gi_frame': 'reads stack frames (gi_frame)', 'cr_frame': 'reads stack frames (cr_frame)',
    'settrace': 'installs a tracer (settrace)', 'setprofile': 'installs a profiler (setprofile)',
    'addaudithook': 'adds an audit hook', 'get_objects': 'walks the heap (gc.get_objects)',
    'get_referrers': 'walks the heap (gc.get_referrers)', 'get_referents': 'walks the heap (gc.get_referents)',
    '_exit': 'exits without cleanup (os._exit)', 'create_builtin': 're-creates a built-in module',
    '__globals__': "reads a function's globals", '__closure__': "reads a function's closure cells",
}
FATAL_IMPORTS = {'__main__': 'imports __main__ (the harness)', 'ctypes': 'imports ctypes (raw memory)', '_ctypes': 'imports ctypes (raw memory)'}
NOTE_IMPORTS = {'inspect': 'imports inspect', 'gc': 'imports gc', 'builtins': 'imports builtins', 'signal': 'imports signal'}
NOTE_ATTRS = {'__subclasses__': 'lists subclasses (reaches every class)', '__builtins__': 'reads a namespace\'s builtins'}


def scan(source):
    """Static findings in the answer: (fatal, notes). Fatal ones make the run an integrity violation."""
    fatal, notes = [], []
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return fatal, notes

    def names_of(node):
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            return node.attr
        return ''

    own_classes = set(n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef))
    for node in ast.walk(tree):
        line = getattr(node, 'lineno', 0)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or '']
            for m in mods:
                top = m.split('.')[0]
                if top in FATAL_IMPORTS:
                    fatal.append('line %d: %s' % (line, FATAL_IMPORTS[top]))
                elif top in NOTE_IMPORTS:
                    notes.append('line %d: %s' % (line, NOTE_IMPORTS[top]))
        elif isinstance(node, ast.Attribute):
            if node.attr in FATAL_ATTRS:
                fatal.append('line %d: %s' % (line, FATAL_ATTRS[node.attr]))
            elif node.attr in NOTE_ATTRS:
                notes.append('line %d: %s' % (line, NOTE_ATTRS[node.attr]))
            elif node.attr == '__code__' and isinstance(node.ctx, ast.Store):
                fatal.append('line %d: replaces a function\'s __code__' % line)
            elif (isinstance(node.ctx, ast.Store) and node.attr in VALUE_DUNDERS and names_of(node.value) not in own_classes
                  and names_of(node.value) != 'self'):
                fatal.append('line %d: patches %s.%s of a class it did not define' % (line, names_of(node.value), node.attr))
            elif isinstance(node.ctx, (ast.Store, ast.Del)) and names_of(node.value) in ('builtins', '__builtins__', '__main__'):
                fatal.append('line %d: patches %s.%s' % (line, names_of(node.value), node.attr))
        elif isinstance(node, ast.Name) and node.id == '__main__':
            fatal.append('line %d: touches __main__ (the harness)' % line)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)):
            target = node.value
            if names_of(target) == '__builtins__':
                fatal.append('line %d: patches __builtins__' % line)
            elif names_of(target) == 'modules' and isinstance(target, ast.Attribute) and names_of(target.value) == 'sys':
                fatal.append('line %d: replaces an entry of sys.modules' % line)
        elif isinstance(node, ast.Call):
            callee = names_of(node.func)
            if callee == 'write' and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value in (1, 2):
                fatal.append('line %d: writes to file descriptor %d directly' % (line, node.args[0].value))
            elif callee == 'signal' and isinstance(node.func, ast.Attribute):
                fatal.append('line %d: installs a signal handler' % line)
            elif callee == 'setattr' and node.args and names_of(node.args[0]) in ('builtins', '__builtins__', '__main__'):
                fatal.append('line %d: patches %s with setattr' % (line, names_of(node.args[0])))
            elif (callee == 'setattr' and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
                  and node.args[1].value in VALUE_DUNDERS and names_of(node.args[0]) not in own_classes):
                fatal.append('line %d: patches %s.%s of a class it did not define' % (line, names_of(node.args[0]), node.args[1].value))
            elif callee in ('exec', 'eval', 'compile', '__import__') and isinstance(node.func, ast.Name):
                notes.append('line %d: calls %s' % (line, callee))
        elif isinstance(node, (ast.FunctionDef, ast.Lambda)):
            name = getattr(node, 'name', None)
            body = node.body if isinstance(node, ast.FunctionDef) else [ast.Return(value=node.body)]
            stmts = [s for s in body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
            constant = (len(stmts) == 1 and isinstance(stmts[0], ast.Return) and isinstance(stmts[0].value, ast.Constant)
                        and stmts[0].value.value is True)
            if name in ('__eq__', '__ne__', '__contains__') and constant:
                fatal.append('line %d: %s returns True for anything' % (line, name))
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda):
            body = node.value.body
            for target in node.targets:
                if names_of(target) in ('__eq__', '__ne__') and isinstance(body, ast.Constant) and body.value is True:
                    fatal.append('line %d: %s returns True for anything' % (line, names_of(target)))
    return sorted(set(fatal)), sorted(set(notes))


class _RewriteTest(ast.NodeTransformer):
    # Every call's result goes through the checker; every assert carries its own line.
    def visit_Call(self, node):
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id in NO_WRAP:
            return node
        return ast.copy_location(ast.Call(func=ast.Name(id='__lb_call__', ctx=ast.Load()), args=[node.func] + node.args, keywords=node.keywords), node)

    def visit_Assert(self, node):
        self.generic_visit(node)
        msg = node.msg if node.msg is not None else ast.Constant(value=None)
        node.msg = ast.copy_location(ast.Tuple(elts=[ast.Constant(value=ASSERT_TAG), ast.Constant(value=node.lineno), msg], ctx=ast.Load()), node)
        return node


def rewrite_test(code):
    tree = ast.parse(code)
    tree = _RewriteTest().visit(tree)
    return ast.fix_missing_locations(tree)


def _lb_harness():
    # Every name the harness uses becomes a local here, so its functions read closure cells, never
    # this module's globals or builtins: an answer can reach those dicts (a harness class's method
    # has __globals__ and __builtins__) but changing them changes nothing that runs later.
    # test/runner/sandbox/harness-names.test.ts checks that no global lookup is left.
    _g = globals()
    _b = _g['builtins'].__dict__
    (BaseException, Exception, ImportError, SyntaxError, TypeError, ValueError, AttributeError, PermissionError,
     RuntimeError, StopIteration, AssertionError, MemoryError, __import__, bytes, compile, dict, frozenset, getattr,
     int, len, list, object, open, range, set, str, tuple, type, bool, any, all, isinstance, exec) = [_b[n] for n in (
        'BaseException', 'Exception', 'ImportError', 'SyntaxError', 'TypeError', 'ValueError', 'AttributeError',
        'PermissionError', 'RuntimeError', 'StopIteration', 'AssertionError', 'MemoryError', '__import__', 'bytes',
        'compile', 'dict', 'frozenset', 'getattr', 'int', 'len', 'list', 'object', 'open', 'range', 'set', 'str',
        'tuple', 'type', 'bool', 'any', 'all', 'isinstance', 'exec')]
    (PRELOAD, LEAF_TYPES, VALUE_DUNDERS, MUTABLE_MODULE_ATTRS, ASSERT_TAG, rewrite_test, scan, sys, posix, _hashlib,
     _json, _signal, _imp, io, signal, types, builtins) = [_g[n] for n in (
        'PRELOAD', 'LEAF_TYPES', 'VALUE_DUNDERS', 'MUTABLE_MODULE_ATTRS', 'ASSERT_TAG', 'rewrite_test', 'scan', 'sys',
        'posix', '_hashlib', '_json', '_signal', '_imp', 'io', 'signal', 'types', 'builtins')]
    del _g, _b
    for _name in sys.builtin_module_names:
        # Every built-in module loaded now, so that a later import of one is a re-import (refused).
        __import__(_name)
    for _name in PRELOAD:
        try:
            __import__(_name)
        except ImportError:
            pass
    stdlib_dir = sys.modules['random'].__file__.rsplit('/', 1)[0] + '/'

    with open('run.json', encoding='utf-8') as handle:
        spec = sys.modules['json'].load(handle)
    posix.unlink('run.json')
    key = bytes.fromhex(spec.pop('key'))
    marker = spec['marker']
    limit = spec['per_test_s']

    _hmac = _hashlib.hmac_digest
    _write = posix.write
    _exit = posix._exit
    _esc = _json.encode_basestring_ascii
    _type_mro = type.__dict__['__mro__'].__get__
    _type_dict = type.__dict__['__dict__'].__get__
    _type_name = type.__dict__['__name__'].__get__
    _type_module = type.__dict__['__module__'].__get__
    _type_flags = type.__dict__['__flags__'].__get__
    _exc_args = BaseException.__dict__['args'].__get__
    _getsignal = signal.getsignal
    _setitimer = signal.setitimer
    _ITIMER_REAL = signal.ITIMER_REAL
    _getframe = sys._getframe
    _audit = sys.audit
    _ModuleType = types.ModuleType
    _FunctionType = types.FunctionType
    seq = [0]
    violations = []
    reported = [0]

    def encode(value):
        t = type(value)
        if value is None:
            return 'null'
        if t is bool:
            return 'true' if value else 'false'
        if t is int:
            return '%d' % value
        if t is str:
            return _esc(value)
        if t is list or t is tuple:
            return '[' + ','.join([encode(v) for v in value]) + ']'
        if t is dict:
            return '{' + ','.join([_esc(k) + ':' + encode(v) for k, v in dict.items(value)]) + '}'
        return _esc('?')

    def emit(event):
        # One authenticated line: HMAC-SHA256(key, "<seq> <json>"); the parent checks every one.
        payload = encode(event)
        n = '%d' % seq[0]
        seq[0] += 1
        mac = _hmac(key, (n + ' ' + payload).encode('utf-8'), 'sha256').hex()
        data = (marker + ' ' + n + ' ' + mac + ' ' + payload + '\n').encode('utf-8')
        while data:
            data = data[_write(1, data):]

    # ---- refusals: introspection and patching that could reach the harness ----
    FRAME_ATTRS = frozenset(['tb_frame', 'gi_frame', 'cr_frame', 'ag_frame'])
    BLOCKED_IMPORTS = frozenset(['ctypes', '_ctypes', '_testcapi', '_testinternalcapi', '_posixsubprocess', '_xxsubinterpreters', 'cffi', '_cffi_backend'])
    BUILTIN_NAMES = frozenset(sys.builtin_module_names)
    PROCESS_EVENTS = frozenset(['os.fork', 'os.forkpty', 'os.exec', 'os.spawn', 'os.posix_spawn', 'os.system', 'subprocess.Popen', 'pty.spawn'])
    busy = [False]

    def caller_is_answer(depth=3):
        # The frame that raised the event: the answer's own code, or the standard library acting
        # for it (namedtuple and typing ask for their caller's frame and cope with a refusal).
        busy[0] = True
        try:
            # depth: this function, refuse() (when called from it), the hook, then the frame that raised.
            name = _getframe(depth).f_code.co_filename
            return not (name.startswith(stdlib_dir) or name.startswith('<frozen '))
        except BaseException:
            return True
        finally:
            busy[0] = False

    def refuse(what, error, always=False):
        if always or caller_is_answer():
            violations.append(what)
        raise error

    def hook(event, args):
        if busy[0]:
            return
        if event == 'sys._getframe':
            refuse('sys._getframe (stack inspection)', ValueError('stack inspection is disabled in this sandbox'))
        elif event == 'object.__getattr__':
            if args[1] in FRAME_ATTRS:
                refuse('reading .%s (stack inspection)' % args[1], AttributeError('frame access is disabled in this sandbox'))
        elif event == 'object.__setattr__':
            if args[1] == '__code__' and caller_is_answer(2):
                # unittest.mock assigns __code__ to its own functions: only the answer's own code is refused.
                refuse("replacing a function's __code__", RuntimeError('__code__ assignment is disabled in this sandbox'), True)
        elif event == 'sys._current_frames':
            refuse('sys._current_frames (stack inspection)', RuntimeError('stack inspection is disabled in this sandbox'), True)
        elif event in ('gc.get_objects', 'gc.get_referrers', 'gc.get_referents'):
            refuse('%s (heap inspection)' % event, RuntimeError('heap inspection is disabled in this sandbox'), True)
        elif event in ('sys.settrace', 'sys.setprofile'):
            refuse('%s (tracing)' % event, RuntimeError('tracing is disabled in this sandbox'), True)
        elif event == 'sys.addaudithook':
            refuse('sys.addaudithook', RuntimeError('audit hooks are disabled in this sandbox'), True)
        elif event == 'import':
            name = args[0]
            if type(name) is str and (name in BLOCKED_IMPORTS or name.split('.')[0] in BLOCKED_IMPORTS):
                refuse('import %s' % name, ImportError('%s is not available in this sandbox' % name), True)
            if name in BUILTIN_NAMES:
                refuse('re-importing built-in module %s' % name, ImportError('re-importing %s is disabled in this sandbox' % name), True)
        elif event == 'open':
            path = args[0]
            if type(path) is bytes:
                path = path.decode('utf-8', 'replace')
            # Any file named mem: /proc/self/mem, /proc/<pid>/task/<tid>/mem, 'mem' relative to a dir_fd.
            if type(path) is str and path.rstrip('/').rsplit('/', 1)[-1] == 'mem':
                refuse('opening %s (memory access)' % path, PermissionError('%s is not readable in this sandbox' % path), True)
        elif event in ('os.symlink', 'os.link'):
            # A link named otherwise to /proc/self/mem would pass the check above.
            target = args[0]
            if type(target) is bytes:
                target = target.decode('utf-8', 'replace')
            if type(target) is str and ('proc' in target or target.rstrip('/').rsplit('/', 1)[-1] == 'mem'):
                refuse('linking to %s (memory access)' % target, PermissionError('links into /proc are disabled in this sandbox'), True)
        elif event in PROCESS_EVENTS:
            refuse('%s (a new process)' % event, PermissionError('starting processes is disabled in this sandbox'), True)
        elif event == 'ledgerbench.refused':
            violations.append(args[0] if args and type(args[0]) is str else 'a refused call')

    class _TestTimeout(BaseException):
        pass

    def on_alarm(signum, frame):
        raise _TestTimeout()

    class _Sink(io.TextIOBase):
        """Swallows what the candidate prints, so it cannot interleave with the result lines."""
        def writable(self):
            return True
        def write(self, text):
            return len(text)

    def refused_signal(*args, **kwargs):
        _audit('ledgerbench.refused', 'signal.signal (a signal handler receives the running frame)')
        raise RuntimeError('installing signal handlers is disabled in this sandbox')

    def refused_create_builtin(*args, **kwargs):
        _audit('ledgerbench.refused', '_imp.create_builtin (a fresh copy of a built-in module)')
        raise ImportError('creating built-in modules is disabled in this sandbox')

    emit({'event': 'start'})
    source = spec['source']
    try:
        code = compile(source, 'solution.py', 'exec')
    except (SyntaxError, ValueError) as error:
        message = str(getattr(error, 'msg', error))[:500]
        emit({'event': 'syntax', 'error': type(error).__name__, 'line': getattr(error, 'lineno', None), 'message': message})
        emit({'event': 'done'})
        _exit(0)

    fatal, notes = scan(source)
    if fatal or notes:
        emit({'event': 'static', 'fatal': fatal[:20], 'notes': notes[:20]})

    # The tests, compiled before the answer runs, so nothing it does can change them.
    tests = []
    for test in spec['tests']:
        try:
            tests.append((test['name'], compile(rewrite_test(test['code']), '<test %s>' % test['name'], 'exec'), test['code'], None))
        except (SyntaxError, ValueError) as error:
            tests.append((test['name'], None, test['code'], 'the test itself: ' + str(error)[:400]))
    tests = tuple(tests)
    del spec

    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal = refused_signal
    _signal.signal = refused_signal
    _imp.create_builtin = refused_create_builtin
    signals_before = tuple((s, _getsignal(s)) for s in range(1, signal.NSIG) if s not in (9, 19, 32, 33))

    # Snapshots of every type, module, module attribute and builtin as they are before the answer runs.
    seen_types = set()
    stack = [object]
    while stack:
        t = stack.pop()
        if t in seen_types:
            continue
        seen_types.add(t)
        try:
            stack.extend(type.__subclasses__(t))
        except TypeError:
            pass
    pre_types = frozenset(seen_types)
    del seen_types, stack
    heap_dunders = tuple((t, tuple((n, _type_dict(t)[n]) for n in VALUE_DUNDERS if n in _type_dict(t)))
                         for t in pre_types if _type_flags(t) & 512)
    real_builtins = builtins.__dict__
    builtin_pairs = tuple(real_builtins.items())
    module_pairs = tuple((name, m, tuple(m.__dict__.items())) for name, m in sys.modules.items()
                         if name != 'sys' and type(m) is _ModuleType)
    modules_ref = sys.modules
    main_dict = modules_ref['__main__'].__dict__
    main_keys = frozenset(main_dict)
    sys_dict = sys.__dict__

    def integrity_check():
        found = []
        for name, value in builtin_pairs:
            if real_builtins.get(name, real_builtins) is not value:
                found.append('builtins.%s was replaced' % name)
        if sys_dict.get('modules') is not modules_ref:
            found.append('sys.modules was replaced')
        for name, m, pairs in module_pairs:
            if modules_ref.get(name) is not m:
                found.append('sys.modules[%s] was replaced' % _esc(name))
                continue
            d = m.__dict__
            for attr, value in pairs:
                if d.get(attr, d) is not value and attr not in MUTABLE_MODULE_ATTRS:
                    found.append('%s.%s was replaced' % (name, attr))
        if frozenset(main_dict) != main_keys:
            found.append('__main__ was modified')
        for t, pairs in heap_dunders:
            d = _type_dict(t)
            if len([n for n in VALUE_DUNDERS if n in d]) != len(pairs) or any(d[n] is not v for n, v in pairs):
                found.append('%s.%s: comparison or arithmetic methods were patched' % (_type_module(t), _type_name(t)))
        for s, handler in signals_before:
            if _getsignal(s) is not handler:
                found.append('a handler for signal %d was installed' % s)
        return found

    already = set()

    def flush(where):
        new = violations[reported[0]:]
        reported[0] = len(violations)
        found = [f for f in list(new) + integrity_check() if f not in already]
        already.update(found)
        if found:
            emit({'event': 'integrity', 'where': where, 'findings': found[:20]})

    # ---- type-aware results: values that decide comparisons with the answer's own methods ----
    constructed = set()
    probe_int = int.from_bytes(posix.urandom(8), 'big')
    probe_str = posix.urandom(8).hex()

    class _Probe:
        pass

    class _Forged(BaseException):
        pass

    class AnswerDefinedValue(Exception):
        pass

    def answer_dunders(t):
        names = []
        for n in VALUE_DUNDERS:
            for c in _type_mro(t):
                if n in _type_dict(c):
                    if c not in pre_types:
                        names.append(n)
                    break
        return names

    def equals_anything(v):
        for other in (_Probe(), probe_int, probe_str):
            try:
                if (v == other) is not False:
                    return True
            except BaseException:
                pass
        return False

    def check_value(v, depth=0):
        t = type(v)
        if t in LEAF_TYPES or depth > 60:
            return
        if t is list or t is tuple or t is set or t is frozenset:
            for x in v:
                check_value(x, depth + 1)
            return
        if t is dict:
            for k, x in dict.items(v):
                check_value(k, depth + 1)
                check_value(x, depth + 1)
            return
        if t in pre_types:
            if _type_flags(t) & 512 and equals_anything(v):
                # A class from before the answer that equals anything (unittest.mock.ANY's kind).
                found = 'a result compares equal to anything: %s.%s' % (_type_module(t), _type_name(t))
                violations.append(found)
                raise _Forged(found)
        else:
            names = answer_dunders(t)
            if names:
                label = '%s (defines %s)' % (_type_name(t), ', '.join(names[:4]))
                if equals_anything(v):
                    violations.append('a result compares equal to anything: ' + label)
                    raise _Forged('a result compares equal to anything: ' + label)
                if not any(isinstance(v, c) for c in constructed):
                    raise AnswerDefinedValue('a result of answer-defined class ' + label + '; tests accept built-in values')
        if isinstance(v, dict):
            for k, x in dict.items(v):
                check_value(k, depth + 1)
                check_value(x, depth + 1)
        elif isinstance(v, (list, tuple, set, frozenset)):
            base = list if isinstance(v, list) else tuple if isinstance(v, tuple) else set if isinstance(v, set) else frozenset
            for x in base.__iter__(v):
                check_value(x, depth + 1)

    def patched_now():
        # A patch must be present at some call boundary to be used by the test: checking here (not
        # only after the test) catches one the patched code would undo before the test ends.
        for t, pairs in heap_dunders:
            d = _type_dict(t)
            for n, v in pairs:
                if d.get(n) is not v:
                    return '%s.%s.%s was replaced' % (_type_module(t), _type_name(t), n)
        for name, m, pairs in module_pairs:
            d = m.__dict__
            for attr, value in pairs:
                if d.get(attr, d) is not value and attr not in MUTABLE_MODULE_ATTRS:
                    return '%s.%s was replaced' % (name, attr)
        return None

    def refuse_patched():
        found = patched_now()
        if found is not None:
            violations.append(found)
            raise _Forged(found)

    C_CALLABLES = frozenset([type(len), type([].append), type(object.__init__), type(str.join), type((1).__add__)])
    PLAIN_TYPES = LEAF_TYPES | frozenset([list, tuple, dict, set, frozenset])

    def checked_call(func, /, *args, **kwargs):
        tf = type(func)
        if tf is type and func not in pre_types:
            constructed.add(func)
        # Only a call that can run the answer's code can return its values or install a patch: C
        # functions and classes from before the answer, on plain arguments, cannot (a test loop
        # calls them a lot), and what they return is made of what they were given.
        may_run_answer = bool(constructed) or not (tf in C_CALLABLES or (tf is type and func in pre_types))
        if not may_run_answer:
            for a in args:
                if type(a) not in PLAIN_TYPES:
                    may_run_answer = True
                    break
            for a in kwargs.values():
                if type(a) not in PLAIN_TYPES:
                    may_run_answer = True
                    break
        if constructed:
            # Methods of a class under test run implicitly (==, len) between calls.
            refuse_patched()
        result = func(*args, **kwargs)
        if may_run_answer:
            # What came back, and what the call may have put into the test's own containers.
            check_value(result)
            for a in args:
                ta = type(a)
                if ta is list or ta is dict or ta is set:
                    check_value(a)
            refuse_patched()
        return result

    def wrap(func):
        def checked(*args, **kwargs):
            try:
                return checked_call(func, *args, **kwargs)
            except StopIteration:
                # PEP 479's rule, applied to the answer: it cannot end a test's loop early.
                raise RuntimeError('the answer raised StopIteration')
        try:
            checked.__name__ = func.__name__
            checked.__qualname__ = func.__qualname__
            checked.__doc__ = func.__doc__
        except BaseException:
            pass
        checked.__wrapped__ = func
        return checked

    def run(code, namespace):
        _setitimer(_ITIMER_REAL, limit)
        try:
            exec(code, namespace)
            return None
        except BaseException as error:
            return error
        finally:
            _setitimer(_ITIMER_REAL, 0)

    def guarded(code, namespace):
        try:
            return run(code, namespace)
        except _TestTimeout as late:
            # The alarm went off between the exec and its disarming: still a timeout.
            return late

    def describe(error):
        # Never runs the answer's code: only plain arguments are shown.
        args = _exc_args(error)
        if len(args) == 1 and type(args[0]) is str:
            return args[0][:500]
        if all(type(a) in LEAF_TYPES for a in args):
            return BaseException.__str__(error)[:500]
        return '(%d arguments)' % len(args)

    def classify(error, test_code=None):
        if error is None:
            return {'status': 'passed'}
        t = type(error)
        if t is _TestTimeout:
            return {'status': 'timeout', 'error': 'Timeout', 'message': 'ran over the %ss limit' % limit}
        if t is _Forged:
            return {'status': 'integrity', 'error': 'IntegrityViolation', 'message': describe(error)}
        if isinstance(error, MemoryError):
            return {'status': 'memory', 'error': 'MemoryError', 'message': describe(error)}
        if t is AssertionError and test_code is not None:
            args = _exc_args(error)
            if len(args) == 1 and type(args[0]) is tuple and len(args[0]) == 3 and args[0][0] == ASSERT_TAG:
                lines = test_code.splitlines()
                line, text = args[0][1], args[0][2]
                where = lines[line - 1].strip() if 0 < line <= len(lines) else ''
                text = str(text)[:500] if type(text) in LEAF_TYPES and text is not None else ''
                return {'status': 'failed', 'error': 'AssertionError', 'message': where + ': ' + text if where and text else where or text}
        return {'status': 'error', 'error': _type_name(t), 'message': describe(error)}

    sys.addaudithook(hook)
    sys.stdout = _Sink()
    # A real module in sys.modules, as an import would make: dataclasses, pickle and typing look it up.
    module = _ModuleType('solution')
    module.__file__ = 'solution.py'
    module.__builtins__ = real_builtins
    modules_ref['solution'] = module
    loaded = classify(guarded(code, module.__dict__))
    flush('load')
    emit(dict(loaded, event='load', status='ok' if loaded['status'] == 'passed' else loaded['status']))
    if loaded['status'] == 'passed':
        plain = dict(builtin_pairs)
        for name, test_code, text, broken in tests:
            if broken is not None:
                emit({'event': 'test', 'name': name, 'status': 'error', 'error': 'SyntaxError', 'message': broken})
                continue
            namespace = dict(module.__dict__)
            for key_name in list(namespace):
                value = namespace[key_name]
                if key_name in plain and value is not plain[key_name] and not key_name.startswith('__'):
                    # Tests mean the real builtins, whatever the answer named its globals.
                    namespace[key_name] = plain[key_name]
                elif type(value) is _FunctionType and value.__module__ == 'solution':
                    namespace[key_name] = wrap(value)
                elif key_name in modules_ref and type(value) is not _ModuleType:
                    namespace[key_name] = modules_ref[key_name]
            namespace['__builtins__'] = dict(builtin_pairs)
            namespace['__lb_call__'] = checked_call
            outcome = classify(guarded(test_code, namespace), text)
            flush(name)
            emit(dict(outcome, event='test', name=name))
    flush('end')
    emit({'event': 'done'})
    _exit(0)


_lb_harness()
