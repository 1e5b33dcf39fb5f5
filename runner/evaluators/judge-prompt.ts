import type { JudgeOrder } from '../../schema/judge.ts';

/** What the judge is shown: the customer's message, the rubric, and two anonymous replies. */
export interface JudgePromptParts {
  message: string;
  rubric: string;
  reply: string;
  reference: string;
  order: JudgeOrder;
  /** The most a reply that misses a required fact or makes a forbidden promise may score. */
  hardFailMax: number;
}

/**
 * The judge prompt. The reference is shown as one of two anonymous replies ("Reply A", "Reply B"), not
 * labelled as the model answer: a judge that knows which one is the reference grades the other against
 * it, and a judge that favours whatever comes first shows up when the order is swapped.
 */
export function judgePrompt(parts: JudgePromptParts): string {
  const [first, second] = parts.order === 'reply_first' ? [parts.reply, parts.reference] : [parts.reference, parts.reply];
  return [
    'You are grading replies written by customer-support agents.',
    '',
    'Customer message:',
    fenced(parts.message),
    '',
    'Rubric:',
    parts.rubric,
    '',
    'Reply A:',
    fenced(first),
    '',
    'Reply B:',
    fenced(second),
    '',
    'Grade each reply against the rubric from 1 (unacceptable) to 5 (excellent). A reply that leaves out a',
    `required fact or promises something the rubric forbids cannot score above ${parts.hardFailMax}.`,
    'Answer with exactly two lines and nothing before them:',
    'A: <grade>',
    'B: <grade>',
  ].join('\n');
}

function fenced(text: string): string {
  return `"""\n${text.trim()}\n"""`;
}

/** The grades a judge gave the first- and second-shown reply. */
export interface ParsedGrades {
  first: number;
  second: number;
}

// "A: 4", "**A:** 4", "Reply A: 4/5", "A = 4": the grade is the first digit after the label.
const GRADE_LINE = (label: 'A' | 'B') => new RegExp(`^[\\s*#>-]*(?:reply\\s+)?${label}\\b[\\s*]*[:=\\-–][\\s*]*([1-5])(?:\\s*/\\s*5)?\\b`, 'im');

/** Reads the two grades, or null when either line is missing or out of 1..5: no guessing from prose. */
export function parseGrades(text: string): ParsedGrades | null {
  const visible = text.replace(/<think>[\s\S]*?<\/think>/gi, ' ');
  const a = GRADE_LINE('A').exec(visible)?.[1];
  const b = GRADE_LINE('B').exec(visible)?.[1];
  if (a === undefined || b === undefined) return null;
  return { first: Number(a), second: Number(b) };
}
