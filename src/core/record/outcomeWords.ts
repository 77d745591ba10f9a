import type { Outcome } from './recordTypes';

/*
 * How the words of a written Success Status or Health Check read as an outcome: word by word,
 * with the negations, zero counts and qualifiers a careful reader would weigh (`Not
 * successful`, `Completed with errors`, `✅ Passed (0 failures)`). Kept apart from the record
 * parser, which only hands these functions a field's value.
 */

/** Words that name an outcome; `rolled back` and `in progress` are read as phrases in statusTokenAt. */
const OUTCOME_WORDS = new Map<string, Outcome>([
  ['success', 'success'],
  ['successful', 'success'],
  ['successfully', 'success'],
  ['succeed', 'success'],
  ['succeeded', 'success'],
  ['complete', 'success'],
  ['completed', 'success'],
  ['done', 'success'],
  ['finished', 'success'],
  ['failed', 'failed'],
  ['failure', 'failed'],
  ['failures', 'failed'],
  ['unsuccessful', 'failed'],
  ['unsuccessfully', 'failed'],
  ['rollback', 'rolledBack'],
  ['rolledback', 'rolledBack'],
  ['aborted', 'aborted'],
  ['cancelled', 'aborted'],
  ['canceled', 'aborted'],
  ['ongoing', 'inProgress'],
  ['pending', 'inProgress']
]);

const OUTCOME_MARKS: ReadonlyArray<readonly [string, Outcome]> = [
  ['✅', 'success'],
  ['❌', 'failed'],
  ['↩', 'rolledBack'],
  ['⏹', 'aborted'],
  ['🚧', 'inProgress'],
  ['🔄', 'inProgress']
];

/** Words that turn the outcome after them around; any word ending in `n't` does too. */
const NEGATIONS = new Set(['not', 'no', 'never', 'cannot', 'without', 'non', 'didnt', 'wasnt', 'isnt', 'hasnt', 'couldnt']);
const PARTIALLY = new Set(['partial', 'partially', 'partly']);
/** Words that may stand between a negation and its outcome: `not yet`, `not fully`, `has not been`. */
const FILLERS = new Set(['yet', 'to', 'be', 'been', 'fully', 'entirely', 'completely', 'totally', 'quite', 'really', 'all']);
/** Words that say a failure, rollback or abort did not happen: `no errors`, `without rollback`, `0 failures`. */
const NONE_WORDS = new Set(['zero', 'none', 'nothing', 'nil']);
/** What a rollback word may name that is not a rollback that happened: `Rollback plan ready`. */
const ROLLBACK_THINGS = new Set(['plan', 'plans', 'script', 'scripts', 'procedure', 'runbook', 'ready', 'available', 'option', 'tested']);
/** Words that report a failure inside a status that also says success: `Completed with errors`. */
const FAILURE_WORDS = new Set(['fails', 'failed', 'failing', 'failure', 'failures', 'error', 'errors', 'errored', 'unsuccessful', 'unsuccessfully']);
/** Words after which a failure is one that was overcome, not the outcome: `Succeeded after 2 failed attempts`. */
const OVERCOME = new Set(['after', 'despite', 'retry', 'retried', 'retrying', 'attempt', 'attempts', 'rerun']);
/** Words that turn back to the result itself: `Succeeded after a retry, but with errors`. */
const RESULT_AGAIN = new Set(['with', 'but', 'though', 'although', 'except', 'however']);

type StatusToken =
  | { readonly kind: 'word'; readonly word: string; readonly outcome: Outcome | undefined; readonly end: number }
  | { readonly kind: 'mark'; readonly outcome: Outcome; readonly end: number }
  | { readonly kind: 'other'; readonly char: string; readonly end: number };

function isWordCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/** Spaces, emphasis, emoji variation selectors and joiners, which never change a status's meaning. */
function isBlankCode(c: number): boolean {
  return c <= 0x20 || c === 0xa0 || c === 0x2a || c === 0x5f || c === 0x60 || c === 0xfe0f || c === 0x200d || c === 0x200b;
}

/**
 * The next word, marker or other character at or after `from` in lower-cased `text`, or
 * undefined at the end. A word is a whole run of letters and digits, so a keyword never
 * matches inside a longer word (`incomplete`, `failover`) and needs no boundary check.
 */
function statusTokenAt(text: string, from: number): StatusToken | undefined {
  const token = singleTokenAt(text, from);
  if (token?.kind === 'word' && (token.word === 'rolled' || token.word === 'in')) {
    const next = singleTokenAt(text, token.end);
    if (next?.kind === 'word' && next.word === (token.word === 'rolled' ? 'back' : 'progress')) {
      return { kind: 'word', word: `${token.word} ${next.word}`, outcome: token.word === 'rolled' ? 'rolledBack' : 'inProgress', end: next.end };
    }
  }
  return token;
}

function singleTokenAt(text: string, from: number): StatusToken | undefined {
  let i = from;
  // A hyphen between two letters joins words (`non-successful`, `rolled-back`); one with
  // space around it separates clauses (`No - failed`), so it stays a token.
  while (i < text.length && (isBlankCode(text.charCodeAt(i)) || (text[i] === '-' && i > 0 && isWordCode(text.charCodeAt(i - 1)) && isWordCode(text.charCodeAt(i + 1))))) {
    i++;
  }
  if (i >= text.length) {
    return undefined;
  }
  if (!isWordCode(text.charCodeAt(i))) {
    for (const [mark, outcome] of OUTCOME_MARKS) {
      if (text.startsWith(mark, i)) {
        return { kind: 'mark', outcome, end: i + mark.length };
      }
    }
    return { kind: 'other', char: text[i], end: i + 1 };
  }
  const start = i;
  let apostrophe = false;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isWordCode(c)) {
      i++;
    } else if ((c === 0x27 || c === 0x2019) && isWordCode(text.charCodeAt(i + 1))) {
      apostrophe = true;
      i += 2;
    } else {
      break;
    }
  }
  const word = apostrophe ? text.slice(start, i).replace(/\u2019/g, "'") : text.slice(start, i);
  return { kind: 'word', word, outcome: OUTCOME_WORDS.get(word), end: i };
}

function isNegation(word: string): boolean {
  return NEGATIONS.has(word) || word.endsWith("n't");
}

/** `0`, `00`, `zero`, `none`: a count of nothing. */
function isNoneWord(word: string): boolean {
  if (NONE_WORDS.has(word)) {
    return true;
  }
  for (let i = 0; i < word.length; i++) {
    if (word.charCodeAt(i) !== 0x30) {
      return false;
    }
  }
  return word.length > 0;
}

/** Whether the word ending at `end` is the first half of a hyphenated word (`error-free`, `fail-safe`). */
function joinedToNext(text: string, end: number): boolean {
  return text[end] === '-' && isWordCode(text.charCodeAt(end + 1));
}

/**
 * Whether a failure, rollback or abort word ending at `end` is said not to have happened: a
 * negation or a count of nothing among the three words before it (`no errors`, `without any
 * rollback`, `0 failed health checks`), or after it (`failures: 0`, `errors: none`, `rollback
 * not needed`). A rollback word naming a plan or a script (`rollback plan ready`) is none either.
 */
function saidNotToHappen(before: readonly StatusToken[], text: string, end: number, rollback: boolean): boolean {
  for (let k = before.length - 1, words = 0; k >= 0 && words < 3; k--, words++) {
    const token = before[k];
    if (token.kind !== 'word') {
      break;
    }
    if (isNegation(token.word) || isNoneWord(token.word)) {
      return true;
    }
  }
  let next = statusTokenAt(text, end);
  if (next?.kind === 'other' && (next.char === ':' || next.char === '=')) {
    next = statusTokenAt(text, next.end);
    return next?.kind === 'word' && (isNoneWord(next.word) || next.word === 'no');
  }
  if (next?.kind !== 'word') {
    return false;
  }
  if (isNoneWord(next.word) || (rollback && ROLLBACK_THINGS.has(next.word))) {
    return true;
  }
  if (next.word === 'not') {
    const after = statusTokenAt(text, next.end);
    return after?.kind === 'word' && (after.word === 'needed' || after.word === 'required' || after.word === 'necessary');
  }
  return false;
}

/** How the words just before an outcome word qualify it: `not`, `not yet`, `partially`, or not at all. */
function qualifierOf(before: readonly StatusToken[]): 'negated' | 'notYet' | 'partial' | undefined {
  let yet = false;
  for (let k = before.length - 1; k >= 0; k--) {
    const token = before[k];
    if (token.kind !== 'word') {
      break;
    }
    if (isNegation(token.word)) {
      return yet ? 'notYet' : 'negated';
    }
    if (PARTIALLY.has(token.word)) {
      return 'partial';
    }
    if (!FILLERS.has(token.word)) {
      break;
    }
    yet ||= token.word === 'yet';
  }
  return yet ? 'notYet' : undefined;
}

/**
 * What a qualified outcome word means, or undefined when it says nothing. Only success can be
 * turned around: a deployment that did not succeed, did not get done or only partly worked has
 * failed, one not done yet is still running. `No rollback` or `not aborted` tells nothing, and
 * a partial rollback is still a rollback.
 */
function qualifiedOutcome(outcome: Outcome, qualifier: 'negated' | 'notYet' | 'partial', next: StatusToken | undefined): Outcome | undefined {
  if (outcome !== 'success') {
    return qualifier === 'partial' ? outcome : undefined;
  }
  if (qualifier === 'notYet' || (qualifier === 'negated' && next?.kind === 'word' && next.word === 'yet')) {
    return 'inProgress';
  }
  return 'failed';
}

/** A ✅ stands unless the words right after it take it back: `✅ Partial success`. */
function outcomeAfterTick(text: string, from: number): Outcome {
  const before: StatusToken[] = [];
  let token = statusTokenAt(text, from);
  while (token?.kind === 'word' && token.outcome === undefined && (isNegation(token.word) || PARTIALLY.has(token.word) || FILLERS.has(token.word)) && before.length < 4) {
    before.push(token);
    token = statusTokenAt(text, token.end);
  }
  const qualifier = qualifierOf(before);
  if (token?.kind !== 'word' || token.outcome === undefined || qualifier === undefined) {
    return 'success';
  }
  return qualifiedOutcome(token.outcome, qualifier, statusTokenAt(text, token.end)) ?? 'success';
}

/**
 * What a status that has said success, up to `from`, says in the rest. A rollback or an abort
 * anywhere outranks it (`Successfully rolled back to v1.4`, `Completed rollback`, `Successfully
 * aborted`), unless it is said not to have happened (`no rollback needed`). A failure reported
 * with it makes it a failure (`Completed with errors`, `Success with 2 failed health checks`,
 * `Succeeded partially`, `Done, not fully successful`), unless its count is nothing (`0
 * failures`, `no errors`, `without errors`, `errors: none`) or it was overcome (`Succeeded
 * after 2 failed attempts`, `despite errors`).
 */
function outcomeAfterSuccess(text: string, from: number): Outcome {
  let outcome: Outcome = 'success';
  let overcome = false;
  let first = true;
  const before: StatusToken[] = [];
  for (let token = statusTokenAt(text, from); token !== undefined; token = statusTokenAt(text, token.end)) {
    if (token.kind === 'mark') {
      if (token.outcome === 'rolledBack' || token.outcome === 'aborted') {
        return token.outcome;
      }
      if (token.outcome === 'failed' && !overcome) {
        outcome = 'failed';
      }
    } else if (token.kind === 'word') {
      const word = token.word;
      if (OVERCOME.has(word)) {
        overcome = true;
      } else if (RESULT_AGAIN.has(word)) {
        overcome = false;
      } else if (token.outcome === 'rolledBack' || token.outcome === 'aborted') {
        if (!saidNotToHappen(before, text, token.end, token.outcome === 'rolledBack')) {
          return token.outcome;
        }
      } else if (FAILURE_WORDS.has(word)) {
        if (!overcome && !joinedToNext(text, token.end) && !saidNotToHappen(before, text, token.end, false)) {
          outcome = 'failed';
        }
      } else if (token.outcome === 'success') {
        const qualifier = qualifierOf(before);
        if (qualifier === 'negated' || qualifier === 'partial') {
          outcome = 'failed';
        }
      } else if (first && PARTIALLY.has(word)) {
        outcome = 'failed';
      }
      first = false;
    }
    before.push(token);
    if (before.length > 5) {
      before.shift();
    }
  }
  return outcome;
}

/**
 * Reads a filled-in `Success Status` value the way a person would. The earliest marker or outcome word
 * decides, so `🚧 IN PROGRESS - blocked after failed apply` is in progress and `Rolled back after
 * failed checks` is rolled back; but a word is read with the few words around it, because
 * people write `Not successful`, `Partial success`, `Success? No - failed at execution`, and
 * reading only the keyword turns each of those into a success. A failure, rollback or abort
 * said not to have happened (`No rollback needed`, `0 failures`) says nothing. A success is
 * then read on to the end: a rollback or abort anywhere outranks it, and a failure reported
 * with it turns it into one (see outcomeAfterSuccess). Never throws.
 */
export function outcomeOfWords(value: string): Outcome {
  const text = value.toLowerCase();
  // The last few tokens: enough for a qualifier and three fillers (`not yet fully done`).
  const before: StatusToken[] = [];
  // The outcome a `Success?` or `Rolled back?` asked about, for the `yes` or `no` after it.
  let question: Outcome | undefined;
  let token = statusTokenAt(text, 0);
  while (token !== undefined) {
    if (token.kind === 'mark') {
      if (token.outcome !== 'success') {
        return token.outcome;
      }
      const outcome = outcomeAfterTick(text, token.end);
      return outcome === 'success' ? outcomeAfterSuccess(text, token.end) : outcome;
    }
    const next = statusTokenAt(text, token.end);
    if (token.kind === 'word') {
      if (token.outcome !== undefined) {
        if (next?.kind === 'other' && next.char === '?') {
          question = token.outcome;
        } else if (
          token.outcome === 'success' ||
          token.outcome === 'inProgress' ||
          !saidNotToHappen(before, text, token.end, token.outcome === 'rolledBack')
        ) {
          const qualifier = qualifierOf(before);
          const outcome = qualifier === undefined ? token.outcome : qualifiedOutcome(token.outcome, qualifier, next);
          if (outcome === 'success') {
            return outcomeAfterSuccess(text, token.end);
          }
          if (outcome !== undefined) {
            return outcome;
          }
        }
      } else if ((token.word === 'yes' || token.word === 'no') && next?.kind !== 'word') {
        // `yes` or `no` on its own answers the field (`No`) or the question before it; a `no`
        // followed by a word is a negation (`no rollback`), read with that word.
        const previous = before[before.length - 1];
        if (previous === undefined || (previous.kind === 'other' && (previous.char === '?' || previous.char === ':'))) {
          const subject = question ?? 'success';
          if (token.word === 'yes') {
            return subject === 'success' ? outcomeAfterSuccess(text, token.end) : subject;
          }
          if (subject === 'success') {
            return 'failed';
          }
        }
      }
    }
    before.push(token);
    if (before.length > 5) {
      before.shift();
    }
    token = next;
  }
  return 'inProgress';
}

/** Words of a `Health Check` that say it passed or failed (a word starting `pass` or `succe` passes too). */
const HEALTH_PASSED = new Set(['ok', 'okay', 'healthy']);
const HEALTH_FAILED = new Set(['fail', 'fails', 'failed', 'failing', 'failure', 'failures', 'unhealthy', 'unsuccessful', 'unsuccessfully', 'error', 'errors', 'errored']);

/**
 * A `Health Check` value read as passed or failed; undefined when it says neither. Read by
 * words, as `parseOutcome` reads a status: a failure word or ❌ makes it failed unless its
 * count is nothing (`✅ Passed (0 failures)`, `No failures`, `passed, 0 failed`, which pass);
 * a pass word or ✅ makes it passed unless negated (`Not healthy`, `not OK`, `Partially
 * passed` fail). Never throws.
 */
export function parseHealthCheck(value: string): 'passed' | 'failed' | undefined {
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  let passed = false;
  let failed = false;
  const before: StatusToken[] = [];
  for (let token = statusTokenAt(text, 0); token !== undefined; token = statusTokenAt(text, token.end)) {
    if (token.kind === 'mark') {
      if (token.outcome === 'success') {
        passed = true;
      } else if (token.outcome === 'failed') {
        failed = true;
      }
    } else if (token.kind === 'word') {
      const word = token.word;
      if (HEALTH_FAILED.has(word)) {
        if (!joinedToNext(text, token.end)) {
          if (saidNotToHappen(before, text, token.end, false)) {
            passed = true;
          } else {
            failed = true;
          }
        }
      } else if (word.startsWith('pass') || word.startsWith('succe') || HEALTH_PASSED.has(word)) {
        const previous = before[before.length - 1];
        if (qualifierOf(before) !== undefined || (previous?.kind === 'word' && isNoneWord(previous.word))) {
          failed = true;
        } else {
          passed = true;
        }
      }
    }
    before.push(token);
    if (before.length > 5) {
      before.shift();
    }
  }
  return failed ? 'failed' : passed ? 'passed' : undefined;
}
