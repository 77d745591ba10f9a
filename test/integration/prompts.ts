import * as vscode from 'vscode';

/*
 * Answers the extension's prompts in place of the user and records what each one showed.
 * The tests run in the extension host with the same `vscode` API object as the extension
 * under test, so replacing a `vscode.window` function here replaces it for the extension too.
 * Quick input has no API for answering a prompt another extension opened, and a real click
 * would need the browser; this keeps the tests the same under both hosts.
 */

export type PromptKind = 'quickPick' | 'inputBox' | 'information' | 'warning' | 'error' | 'progress';

/** What the user saw. */
export interface Prompt {
  readonly kind: PromptKind;
  /** Quick pick, input box and progress notification title. */
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
  /** A progress notification's messages, as they are reported (the list grows while it shows). */
  readonly reports?: readonly string[];
}

/**
 * The user's answer: a quick pick item's label (with or without its `$(icon)`), a button's
 * title, the text typed into an input box; undefined for Escape (or closing a message). It may
 * come later, as a user's does: a progress notification is cancelled when its answer is
 * `Cancel`, whenever that arrives, and otherwise runs to its end.
 */
export type Answer = (prompt: Prompt) => string | undefined | PromiseLike<string | undefined>;

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
  const names = ['showQuickPick', 'showInputBox', 'showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'withProgress'] as const;
  const originals = new Map(names.map((name) => [name, window[name]]));
  const ask = (prompt: Prompt): PromiseLike<string | undefined> | string | undefined => {
    prompts.push(prompt);
    return answer(prompt);
  };
  window.showQuickPick = async (itemsOrPromise: readonly Item[] | Thenable<readonly Item[]>, options?: vscode.QuickPickOptions) => {
    const items = await itemsOrPromise;
    return chosen(items, await ask({
      kind: 'quickPick', title: options?.title, placeHolder: options?.placeHolder, choices: items.map(labelOf),
      descriptions: items.map((item) => (typeof item === 'object' && 'description' in item ? item.description : undefined))
    }));
  };
  window.showInputBox = async (options?: vscode.InputBoxOptions) =>
    await ask({ kind: 'inputBox', title: options?.title, prompt: options?.prompt, placeHolder: options?.placeHolder, choices: [], descriptions: [] });
  for (const [name, kind] of [['showInformationMessage', 'information'], ['showWarningMessage', 'warning'], ['showErrorMessage', 'error']] as const) {
    window[name] = async (message: string, ...rest: unknown[]) => {
      const { options, items } = messageArgs(rest);
      return chosen(items, await ask({
        kind, message, detail: options?.detail, modal: options?.modal, choices: items.map(labelOf), descriptions: []
      }));
    };
  }
  // Only a notification the user can cancel asks something; other progress shows as it would.
  const realWithProgress = originals.get('withProgress') as typeof vscode.window.withProgress;
  window.withProgress = <R>(
    options: vscode.ProgressOptions,
    task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>
  ): Thenable<R> => {
    if (options.location !== vscode.ProgressLocation.Notification || !options.cancellable) {
      return realWithProgress(options, task);
    }
    const reports: string[] = [];
    const cancellation = new vscode.CancellationTokenSource();
    void Promise.resolve(ask({ kind: 'progress', title: options.title, choices: ['Cancel'], descriptions: [], reports }))
      .then((answer) => {
        if (answer === 'Cancel') {
          cancellation.cancel();
        }
      }, () => undefined);
    const progress = {
      report: (value: { message?: string }) => {
        if (value.message !== undefined) {
          reports.push(value.message);
        }
      }
    };
    return Promise.resolve(task(progress, cancellation.token)).finally(() => cancellation.dispose());
  };
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
