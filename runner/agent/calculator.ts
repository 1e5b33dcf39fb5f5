/**
 * A small arithmetic parser for the `calc.eval` tool: numbers, + - * / % ^, parentheses, unary
 * minus. Recursive descent over the text, never `eval`: a model's expression cannot run code.
 */
export function evaluateArithmetic(expression: string): number {
  const parser = new Parser(expression);
  const value = parser.expression();
  parser.skipSpace();
  if (!parser.atEnd()) throw new Error(`unexpected '${parser.rest()}' in the expression`);
  if (!Number.isFinite(value)) throw new Error('the result is not a finite number (division by zero?)');
  return value;
}

/** Limits nesting so a hostile expression cannot exhaust the stack. */
const MAX_DEPTH = 64;

class Parser {
  private at = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  expression(): number {
    let value = this.term();
    for (;;) {
      const op = this.peekOp('+-');
      if (op === null) return value;
      const right = this.term();
      value = op === '+' ? value + right : value - right;
    }
  }

  private term(): number {
    let value = this.power();
    for (;;) {
      const op = this.peekOp('*/%');
      if (op === null) return value;
      const right = this.power();
      value = op === '*' ? value * right : op === '/' ? value / right : value % right;
    }
  }

  /** `^` binds tighter than `*` and groups to the right, as in mathematics. */
  private power(): number {
    const base = this.unary();
    if (this.peekOp('^') === null) return base;
    return base ** this.power();
  }

  private unary(): number {
    if (this.peekOp('-') !== null) return -this.unary();
    if (this.peekOp('+') !== null) return this.unary();
    return this.atom();
  }

  private atom(): number {
    this.skipSpace();
    if (this.text[this.at] === '(') {
      if (++this.depth > MAX_DEPTH) throw new Error('the expression is nested too deeply');
      this.at++;
      const value = this.expression();
      this.skipSpace();
      if (this.text[this.at] !== ')') throw new Error("a '(' is never closed");
      this.at++;
      this.depth--;
      return value;
    }
    const match = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.at));
    if (!match) throw new Error(this.atEnd() ? 'the expression ends too early' : `unexpected '${this.rest()}' in the expression`);
    this.at += match[0].length;
    return Number(match[0]);
  }

  private peekOp(ops: string): string | null {
    this.skipSpace();
    const char = this.text[this.at];
    if (char !== undefined && ops.includes(char)) {
      this.at++;
      return char;
    }
    return null;
  }

  skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  atEnd(): boolean {
    return this.at >= this.text.length;
  }

  rest(): string {
    return this.text.slice(this.at, this.at + 12);
  }
}
