import * as vscode from 'vscode';

/*
 * Answers the extension's prompts in place of the user and records what each one showed.
 * The tests run in the extension host with the same `vscode` API object as the extension
 * under test, so replacing a `vscode.window` function here replaces it for the extension too.
 * Quick input has no API for answering a prompt another extension opened, and a real click
 * would need the browser; this keeps the tests the same under both hosts.
 */

export type PromptKind = 'quickPick' | 'inputBox' | 'information' | 'warning' | 'error';

/** What the user saw. */
export interface Prompt {
  readonly kind: PromptKind;
  /** Quick pick and input box title. */
  readonly title?: string;
  readonly placeHolder?: string;
  /** Input box prompt. */
  readonly prompt?: string;
  /** A message's text. */
  readonly message?: string;
  /** A modal message's detail line. */
  readonly detail?: string;
  readonly modal?: boolean;
  /** Quick pick item labels, or a message's buttons, in order. */
  readonly choices: readonly string[];
  /** Quick pick item descriptions, in the order of `choices`. */
  readonly descriptions: readonly (string | undefined)[];
}

/**
 * The user's answer: a quick pick item's label (with or without its `$(icon)`), a button's
 * title, the text typed into an input box; undefined for Escape (or closing a message).
 */
export type Answer = (prompt: Prompt) => string | undefined;

type Item = string | vscode.QuickPickItem | vscode.MessageItem;

function labelOf(item: Item): string {
  return typeof item === 'string' ? item : 'label' in item ? item.label : item.title;
}

function chosen<T extends Item>(items: readonly T[], answer: string | undefined): T | undefined {
  const withoutIcon = (text: string) => text.replace(/^\$\([^)]*\)\s*/, '');
  return answer === undefined ? undefined : items.find((item) => labelOf(item) === answer || withoutIcon(labelOf(item)) === answer);
}

/** A message's arguments: `(message, ...items)` or `(message, options, ...items)`. */
function messageArgs(rest: unknown[]): { options?: vscode.MessageOptions; items: Item[] } {
  const [first, ...others] = rest;
  if (first !== undefined && typeof first === 'object' && first !== null && !('title' in first)) {
    return { options: first as vscode.MessageOptions, items: others as Item[] };
  }
  return { items: rest as Item[] };
}

/**
 * Runs `run` with every prompt answered by `answer`, and returns its result with the prompts
 * shown, in order. The real functions are back in place when it returns.
 */
export async function withPrompts<T>(answer: Answer, run: () => Thenable<T>): Promise<{ result: T; prompts: Prompt[] }> {
  const prompts: Prompt[] = [];
  const window = vscode.window as unknown as Record<string, unknown>;
  const names = ['showQuickPick', 'showInputBox', 'showInformationMessage', 'showWarningMessage', 'showErrorMessage'] as const;
  const originals = new Map(names.map((name) => [name, window[name]]));
  const ask = (prompt: Prompt): string | undefined => {
    prompts.push(prompt);
    return answer(prompt);
  };
  window.showQuickPick = async (itemsOrPromise: readonly Item[] | Thenable<readonly Item[]>, options?: vscode.QuickPickOptions) => {
    const items = await itemsOrPromise;
    return chosen(items, ask({
      kind: 'quickPick', title: options?.title, placeHolder: options?.placeHolder, choices: items.map(labelOf),
      descriptions: items.map((item) => (typeof item === 'object' && 'description' in item ? item.description : undefined))
    }));
  };
  window.showInputBox = async (options?: vscode.InputBoxOptions) =>
    ask({ kind: 'inputBox', title: options?.title, prompt: options?.prompt, placeHolder: options?.placeHolder, choices: [], descriptions: [] });
  for (const [name, kind] of [['showInformationMessage', 'information'], ['showWarningMessage', 'warning'], ['showErrorMessage', 'error']] as const) {
    window[name] = async (message: string, ...rest: unknown[]) => {
      const { options, items } = messageArgs(rest);
      return chosen(items, ask({
        kind, message, detail: options?.detail, modal: options?.modal, choices: items.map(labelOf), descriptions: []
      }));
    };
  }
  try {
    return { result: await run(), prompts };
  } finally {
    for (const [name, original] of originals) {
      window[name] = original;
    }
  }
}

/** Answers nothing: every prompt is dismissed, as with Escape. */
export const dismissAll: Answer = () => undefined;
